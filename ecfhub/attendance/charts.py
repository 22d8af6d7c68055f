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
import datetime
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pygal
from pygal.style import Style

from ecfhub.attendance.models import Mark
from ecfhub.attendance.queries import MonthAttendance, MonthProgress
from ecfhub.lib import when

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# GOV.UK colours that also differ in lightness (so they stay apart in greyscale), in the marks' order.
MARK_COLOURS = ("#1d70b8", "#85994b", "#f47738", "#d4351c")


def _style(colours: tuple[str, ...]) -> Style:
    """The hub's look for a chart: GOV.UK text colours and sizes, and one colour per series."""
    return Style(
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
        colors=colours,
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


def _monthly_stacked_bar(
    *,
    title: str,
    y_title: str,
    colours: tuple[str, ...],
    months: list[datetime.date],
    series: list[tuple[str, list[int | None]]],
) -> Chart:
    """A stacked bar per month with each segment labelled with its number (readable without colour),
    the legend below, no script or inline style (`_safe`)."""
    chart = pygal.StackedBar(
        style=_style(colours),
        title=title,
        width=900,
        height=420,
        disable_xml_declaration=True,
        no_prefix=True,
        js=[],
        print_values=True,
        print_zeroes=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        show_y_guides=True,
        y_title=y_title,
        explicit_size=False,
        truncate_label=-1,  # "Sep 2025" whole: pygal shortens labels to "Sep 2…" by default
    )
    chart.x_labels = [when.month(m) for m in months]
    for label, values in series:
        chart.add(label, values)
    return _safe(chart.render(is_unicode=True))


def attendance_per_month(months: list[MonthAttendance], *, title: str) -> Chart:
    """A stacked bar per month: present, late, left early and absent, each segment labelled with its number."""
    return _monthly_stacked_bar(
        title=title,
        y_title="Register marks",
        colours=MARK_COLOURS,
        months=[m.month for m in months],
        series=[(str(label), [m.counts.get(mark, 0) or None for m in months]) for mark, label in Mark.choices],
    )


# On track, at risk, behind: GOV.UK turquoise, yellow and red, apart in lightness as well as hue.
STATUS_COLOURS = ("#28a197", "#ffdd00", "#d4351c")
STATUS_LABELS = (("on_track", "On track"), ("at_risk", "At risk"), ("behind", "Behind"))


def progress_per_month(months: list[MonthProgress], *, title: str) -> Chart:
    """A stacked bar per month: people on track, at risk and behind on the month's last recorded day,
    each segment labelled with its number; a month with nothing recorded has no bar."""
    return _monthly_stacked_bar(
        title=title,
        y_title="People",
        colours=STATUS_COLOURS,
        months=[m.month for m in months],
        series=[(label, [m.counts.get(key) or None for m in months]) for key, label in STATUS_LABELS],
    )
