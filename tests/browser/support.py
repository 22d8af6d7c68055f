"""The checks every page gets, and keyboard helpers, for the browser tests.

`check_page(page, "name")` runs on each page a journey reaches:
1. axe-core (npm's `axe-core`, from node_modules) with the WCAG 2.0/2.1/2.2 A and AA tags; any
   violation of impact "serious" or "critical" fails the test with rule ids, targets and help links.
   axe is evaluated through the DevTools protocol (`page.evaluate`), not as a <script> element, so
   our Content Security Policy stays on while the page is checked (a <script> tag would be refused
   by `script-src 'self'`; `bypass_csp=True` would hide real CSP breakage such as inline styles).
2. Focus visible: every link, button and field, focused in turn, must look different from unfocused.
3. Reflow: at a 320 px wide viewport, `document.documentElement.scrollWidth` must be <= 320
   (WCAG 1.4.10), no table cell may be narrower than its longest word (nothing reads letter by
   letter), and axe runs again at that width with the rules that depend on it (`NARROW_RULES`);
   the failure names the elements that stick out.
4. Full-page screenshots at 1024 and 320 px under test-artifacts/screenshots/<test>/ for a reviewer.
Console errors (CSP refusals, script errors) and failed loads of stylesheets, scripts, images or fonts
fail the test at the end; a page itself may answer 4xx (a form with errors answers 422).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from tests.browser.report import ARTIFACTS

SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_SOURCE = (Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
NARROW = 320
PHONE = {"width": 375, "height": 812}  # a common phone, in CSS pixels

# Every page this process checked, for test-artifacts/accessibility-pages.txt (tests/browser/report.py).
CHECKED: list[dict[str, Any]] = []


@dataclass
class PageWatcher:
    """Collects what the browser complains about while a test runs."""

    page: Any
    test_name: str
    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    shots: int = 0

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("response", self._on_response)
        self.page.on("pageerror", lambda exc: self.errors.append(f"script error: {exc}"))
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", self.test_name)
        if self.folder.exists():
            for old in self.folder.glob("*.png"):
                old.unlink()

    def _on_console(self, message: Any) -> None:
        # Failed loads are judged in _on_response: a form answered with 422 is expected, a missing stylesheet is not.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console error on {self.page.url}: {message.text}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def allow(self, pattern: str) -> None:
        """Expect a console error matching `pattern` (for example a 404 page visited on purpose)."""
        self.allowed.append(re.compile(pattern))

    def assert_no_console_errors(self) -> None:
        unexpected = [e for e in self.errors if not any(p.search(e) for p in self.allowed)]
        assert not unexpected, "The browser reported errors:\n" + "\n".join(unexpected)


def watcher(page: Any) -> PageWatcher:
    return page.watcher  # type: ignore[no-any-return]


# --- axe -----------------------------------------------------------------------------------------

_RUN_AXE = """async ([type, values]) => {
  const results = await axe.run(document, {runOnly: {type, values}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


# What can change when the same page is narrowed, so axe checks again at 320 px: a table that now
# scrolls sideways must be reachable by keyboard, and targets that now wrap must stay big enough.
# (The other rules read the markup, which is the same at every width; running all of them again
# doubled the browser tests' time for no finding.)
NARROW_RULES = ["scrollable-region-focusable", "target-size"]


def axe_violations(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE + "\n;undefined")
    selection = ["rule", rules] if rules else ["tag", AXE_TAGS]
    return page.evaluate(_RUN_AXE, selection)  # type: ignore[no-any-return]


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        lines.extend(f"    at {target}" for target in v["targets"][:8])
    return "\n".join(lines)


def assert_accessible(page: Any, name: str = "", *, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """Fails on serious or critical axe violations (of every WCAG 2.2 A/AA rule, or of `rules`);
    returns the milder ones (recorded, not failed)."""
    violations = axe_violations(page, rules)
    bad = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not bad, (
        f"axe found serious/critical WCAG 2.2 AA violations on {name or page.url}:\n{format_violations(bad)}"
    )
    return violations


# --- reflow at 320 px ------------------------------------------------------------------------------

_OVERFLOWING = """(limit) => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5) continue;
    // Report the outermost offender only, and nothing inside a horizontally scrolling box.
    let parent = el.parentElement, skip = false;
    while (parent && parent !== document.body) {
      const style = getComputedStyle(parent);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) || found.includes(parent)) { skip = true; break; }
      parent = parent.parentElement;
    }
    if (!skip) found.push(el);
  }
  return found.slice(0, 6).map(el => {
    const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} (right edge ${Math.round(el.getBoundingClientRect().right)}px): "${(el.textContent || '').trim().slice(0, 50)}"`;
  });
}"""


_BROKEN_WORDS = """() => {
  const found = [];
  const ruler = document.createElement('canvas').getContext('2d');
  for (const cell of document.querySelectorAll('td, th')) {
    const style = getComputedStyle(cell);
    if (style.display === 'none' || !cell.getClientRects().length) continue;  // not shown (or inside something hidden)
    const head = cell.closest('thead');
    if (head && getComputedStyle(head).position === 'absolute') continue;  // visually hidden
    // Words, not addresses: e-mail addresses and links may break anywhere; a dash is a break point.
    const words = (cell.innerText || '').split(/[\\s\u2013\u2014-]+/).filter(w => w && !/[@\\/]/.test(w));
    if (!words.length) continue;
    ruler.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const longest = words.reduce((a, w) => ruler.measureText(w).width > ruler.measureText(a).width ? w : a);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (room + 1 < ruler.measureText(longest).width) found.push(`"${longest}" in ${Math.round(room)}px: ${cell.innerText.trim().slice(0, 40)}`);
  }
  return found.slice(0, 8);
}"""


def assert_words_whole(page: Any, name: str = "") -> None:
    """No table cell is narrower than its longest word, so nothing reads letter by letter."""
    broken = page.evaluate(_BROKEN_WORDS)
    assert not broken, f"{name or page.url}: table cells narrower than a word:\n- " + "\n- ".join(broken)


def check_phone(page: Any, name: str) -> None:
    """The page at 375 px: no sideways scrolling, every word in a table whole, axe, and a screenshot
    of the whole page for reviewers. The header and menu stay short (the menu folds behind a button)."""
    original = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways at 375 px ({width}px)"
        assert_words_whole(page, f"{name} at 375 px")
        assert_accessible(page, f"{name} at 375 px")
        header = page.evaluate(
            "() => document.querySelector('.govuk-service-navigation').getBoundingClientRect().bottom"
        )
        assert header <= 160, f"{name}: the header and menu take {header}px of an 812px screen"
        screenshot(page, f"{name}-375px")
    finally:
        page.set_viewport_size(original)


def assert_reflows(page: Any, name: str = "", *, axe_too: bool = False, shoot: bool = False) -> None:
    """At 320 CSS pixels wide the page must not scroll sideways (WCAG 1.4.10 Reflow). With `axe_too`,
    axe runs again at that width, the rules that depend on the width (`NARROW_RULES`): a table in a
    scrolling box only scrolls (and must then be reachable by keyboard) on a narrow screen."""
    original = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": 640})
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW:
            culprits = page.evaluate(_OVERFLOWING, NARROW)
            raise AssertionError(
                f"{name or page.url} scrolls sideways at {NARROW} px: scrollWidth is {width}px. Too wide:\n- "
                + "\n- ".join(culprits)
            )
        assert_words_whole(page, f"{name or page.url} at {NARROW} px")
        if axe_too:
            assert_accessible(page, f"{name or page.url} at {NARROW} px", rules=NARROW_RULES)
        if shoot:
            screenshot(page, f"{name}-{NARROW}px")
    finally:
        page.set_viewport_size(original)


# --- everything a page gets ----------------------------------------------------------------------


def screenshot(page: Any, name: str) -> Path:
    w = watcher(page)
    w.shots += 1
    w.folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^\w.-]+", "-", name)
    path = w.folder / f"{w.shots:02d}-{slug}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page: Any, name: str) -> None:
    """axe (serious/critical fail), a focus indicator on every control, reflow at 320 px, and a
    screenshot, for the page now shown."""
    page.wait_for_load_state("load")
    milder = assert_accessible(page, name)
    assert_every_focus_visible(page, name)
    screenshot(page, name)
    assert_reflows(page, name, axe_too=True, shoot=True)
    CHECKED.append(
        {
            "test": watcher(page).test_name,
            "page": name,
            "path": re.sub(r"^https?://[^/]+", "", page.url),
            "title": page.title(),
            "minor": sorted({v["id"] for v in milder}),
        }
    )


# --- signing in ----------------------------------------------------------------------------------


def sign_in(page: Any, email: str, password: str) -> None:
    """Through the sign-in page, as a person would (django-axes sees a real login)."""
    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for()


# --- forms -----------------------------------------------------------------------------------------


def fill_date(page: Any, legend: str, day: Any) -> None:
    """Type a date into the GOV.UK date input under `legend` (its day, month and year boxes)."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


# --- keyboard --------------------------------------------------------------------------------------

_FOCUS_STYLE = """(el) => {
  const pick = (s) => ({outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow,
                        background: s.backgroundColor, color: s.color, border: s.borderColor,
                        decoration: `${s.textDecorationLine} ${s.textDecorationThickness}`});
  const target = el.matches('input[type=radio], input[type=checkbox]') && el.labels && el.labels[0]
    ? [el.labels[0], '::before'] : [el, null];
  return pick(getComputedStyle(target[0], target[1]));
}"""


def focused_description(page: Any) -> str:
    return page.evaluate(  # type: ignore[no-any-return]
        """() => { const el = document.activeElement; if (!el || el === document.body) return 'nothing';
        return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.innerText || el.value || el.name || '').trim().slice(0, 40)}"`; }"""
    )


def assert_focus_visible(page: Any) -> None:
    """The focused element looks different from its unfocused self: an opaque outline, a box-shadow,
    or a changed background/colour/border/underline (GOV.UK's yellow focus state is shadow + background)."""
    element = page.evaluate_handle("() => document.activeElement")
    what = focused_description(page)
    assert what != "nothing", "Tab moved focus to nothing"
    focused = element.evaluate(_FOCUS_STYLE)
    element.evaluate("el => el.blur()")
    unfocused = element.evaluate(_FOCUS_STYLE)
    element.evaluate("el => el.focus()")
    outline_visible = not focused["outline"].startswith("none") and "rgba(0, 0, 0, 0)" not in focused["outline"]
    changed = [key for key in focused if focused[key] != unfocused[key]]
    assert changed and (outline_visible or set(changed) - {"outline"}), (
        f"No visible focus indicator on {what} at {page.url}: focused {focused}, unfocused {unfocused}"
    )


_FOCUS_SWEEP = """() => {
  const styleOf = FOCUS_STYLE;
  const problems = [];
  const before = document.activeElement;
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
  for (const el of controls) {
    if (el.disabled || el.closest('[hidden], [inert]')) continue;
    const box = el.getBoundingClientRect();
    const radio = el.matches('input[type=radio], input[type=checkbox]');
    if (!radio && box.width === 0 && box.height === 0 && !el.matches('.govuk-skip-link, .govuk-visually-hidden-focusable')) continue;
    const unfocused = styleOf(el);
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const focused = styleOf(el);
    const changed = Object.keys(focused).filter(k => focused[k] !== unfocused[k]);
    const outlineVisible = !focused.outline.startsWith('none') && !focused.outline.includes('rgba(0, 0, 0, 0)');
    if (!changed.length || (!outlineVisible && changed.every(k => k === 'outline'))) {
      problems.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.innerText || el.value || el.name || '').trim().slice(0, 40)}"`);
    }
    el.blur();
  }
  // Put the keyboard back where it was: the next Tab must go where it would have gone.
  if (before && before !== document.body) {
    before.focus({preventScroll: true});
  } else {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus({preventScroll: true});
    start.blur();
    start.remove();
  }
  return problems;
}""".replace("FOCUS_STYLE", _FOCUS_STYLE)


def assert_every_focus_visible(page: Any, name: str = "") -> None:
    """Every link, button and field on the page shows a focus indicator when focused (WCAG 2.4.7)."""
    # Programmatic focus counts as keyboard focus for :focus-visible once a key has been pressed.
    page.keyboard.press("Shift")
    problems = page.evaluate(_FOCUS_SWEEP)
    assert not problems, f"No visible focus indicator on {name or page.url}:\n- " + "\n- ".join(problems)


def is_focused(locator: Any) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def tab_to(page: Any, locator: Any, *, limit: int = 60) -> None:
    """Press Tab until `locator` has focus, checking the focus indicator at every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} never received focus after {limit} presses of Tab on {page.url}")


def press_and_follow(page: Any, key: str = "Enter") -> None:
    """Press `key` on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def follow_menu_link(page: Any, name: str) -> None:
    """Follow a link of the service navigation as a person would: on a phone it is folded behind
    GOV.UK's "Menu" button, which is opened first."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("link", name=name, exact=True).click()
