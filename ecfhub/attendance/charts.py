"""The hub's charts, drawn on the server as SVG by pygal (a maintained library), for an <img>.

The Content Security Policy allows no inline script or style on pages, so a chart is never put
inline: the page shows it as an image from its own address, and the table beside it holds the same
figures (the table is the accessible source; the image's alt text says so). pygal always writes a
<script> and a <style> into its SVG: the script is removed here (it would only add hover tooltips),
and the style is allowed for the SVG response alone by its hash (`style_hash`), never by
'unsafe-inline'. Segments carry their values and follow the legend's order, so the chart reads
without colour."""

from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pygal
from pygal.style import Style

from ecfhub.attendance.models import Mark
from ecfhub.attendance.queries import MonthAttendance

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# GOV.UK colours that also differ in lightness (so they stay apart in greyscale), in the marks' order.
MARK_COLOURS = ("#1d70b8", "#85994b", "#f47738", "#d4351c")
_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    font_family="Arial, sans-serif",
    value_font_size=14,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=18,
    colors=MARK_COLOURS,
)


@dataclass(frozen=True)
class Chart:
    svg: str
    style_hash: str  # for the response's CSP: "sha256-…"


def _safe(svg: str) -> Chart:
    """The SVG without scripts or style attributes, and the hash of its one <style> element."""
    root = ET.fromstring(svg)  # noqa: S314 (pygal's own output, drawn from our counts: not untrusted)
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG}}}script":
                parent.remove(child)
        parent.attrib.pop("style", None)
        # Hover-only pieces (tooltips) are useless without the script.
        if "tooltip-trigger" in parent.attrib.get("class", ""):
            parent.attrib["class"] = parent.attrib["class"].replace("tooltip-trigger", "").strip()
    styles = [e.text or "" for e in root.iter(f"{{{SVG}}}style")]
    digest = hashlib.sha256("".join(styles).encode()).digest() if len(styles) == 1 else b""
    return Chart(ET.tostring(root, encoding="unicode"), f"sha256-{base64.b64encode(digest).decode()}")


def attendance_per_month(months: list[MonthAttendance], *, title: str) -> Chart:
    """A stacked bar per month: present, late, left early and absent, each segment labelled with its number."""
    chart = pygal.StackedBar(
        style=_STYLE,
        title=title,
        width=900,
        height=420,
        disable_xml_declaration=True,
        no_prefix=True,
        js=[],
        print_values=True,
        print_zeroes=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        show_y_guides=True,
        y_title="Register marks",
        explicit_size=False,
    )
    chart.x_labels = [m.month.strftime("%b %Y") for m in months]
    for mark, label in Mark.choices:
        chart.add(str(label), [m.counts.get(mark, 0) or None for m in months])
    return _safe(chart.render(is_unicode=True))
