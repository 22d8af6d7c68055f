"""The checks themselves can fail: each one is shown a page broken on purpose."""

from __future__ import annotations

import pytest

from tests.browser.support import (
    assert_accessible,
    assert_every_focus_visible,
    assert_focus_visible,
    assert_reflows,
    tab_to,
)


def test_axe_fails_a_page_with_an_unlabelled_field(page, site):
    page.goto("/")
    assert_accessible(page, "home before the fault")
    page.evaluate(
        """() => { const input = document.createElement('input'); input.type = 'text';
        document.querySelector('main').prepend(input); }"""
    )
    with pytest.raises(AssertionError, match=r"(?s)label \(critical\).*dequeuniversity"):
        assert_accessible(page, "home with an unlabelled field")


def test_the_reflow_check_fails_a_page_wider_than_320_px(page, site):
    page.goto("/")
    page.evaluate(
        """() => { const wide = document.createElement('p'); wide.id = 'too-wide'; wide.style.width = '400px';
        wide.textContent = 'A fixed-width paragraph'; document.querySelector('main').append(wide); }"""
    )
    with pytest.raises(AssertionError, match=r"(?s)scrolls sideways.*p#too-wide"):
        assert_reflows(page, "home with a wide paragraph")


def test_the_focus_check_fails_a_link_with_its_focus_style_removed(page, site):
    page.goto("/")
    link = page.get_by_role("link", name="Skip to main content")
    tab_to(page, link)
    link.evaluate(
        """el => { for (const p of ['outline', 'box-shadow', 'background', 'color', 'text-decoration', 'border'])
        el.style.setProperty(p, 'none', 'important'); el.style.setProperty('color', 'black', 'important'); }"""
    )
    with pytest.raises(AssertionError, match="No visible focus indicator"):
        assert_focus_visible(page)


def test_the_focus_sweep_finds_a_control_without_a_focus_style_anywhere_on_the_page(page, site):
    page.goto("/")
    assert_every_focus_visible(page, "home")
    page.evaluate(
        """() => { const a = document.createElement('a'); a.href = '/about/'; a.id = 'plain'; a.textContent = 'Plain link';
        for (const p of ['outline', 'box-shadow', 'background', 'text-decoration', 'border'])
          a.style.setProperty(p, 'none', 'important');
        a.style.setProperty('color', 'black', 'important');
        document.querySelector('main').append(a); }"""
    )
    with pytest.raises(AssertionError, match=r'a#plain "Plain link"'):
        assert_every_focus_visible(page, "home with a plain link")


def test_the_narrow_check_fails_a_table_that_scrolls_only_on_a_phone_and_cannot_be_reached_by_keyboard(page, site):
    page.goto("/")
    # A wide table in a box that scrolls sideways, with nothing in it to focus: fine at 1024 px (it
    # fits), a keyboard trap at 320 px (its hidden columns cannot be scrolled to without a mouse).
    page.evaluate(
        """() => { const box = document.createElement('div'); box.id = 'scroller';
        box.style.setProperty('overflow-x', 'auto');
        const table = document.createElement('table'); table.style.setProperty('width', '600px');
        table.innerHTML = '<tr><td>Clinic one on Monday</td><td>Clinic two on Tuesday</td></tr>';
        box.append(table); document.querySelector('main').append(box); }"""
    )
    assert_accessible(page, "home with a table that fits")
    with pytest.raises(AssertionError, match=r"(?s)scrollable-region-focusable.*#scroller"):
        assert_reflows(page, "home with a table that scrolls at 320 px", axe_too=True)
