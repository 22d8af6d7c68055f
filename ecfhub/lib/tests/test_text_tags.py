"""The `breakable` filter: addresses and long names break only after "@" and ".", and stay escaped."""

from __future__ import annotations

from django.template import Context, Template

from ecfhub.lib.text_tags import breakable


def test_an_address_may_break_only_after_its_at_sign_and_dots():
    assert str(breakable("amelia.phillips@stmarys.sch.uk")) == "amelia.<wbr>phillips@<wbr>stmarys.<wbr>sch.<wbr>uk"


def test_a_trailing_dot_gets_no_break_and_a_plain_word_is_left_alone():
    assert str(breakable("Mr.")) == "Mr."
    assert str(breakable("Aisha Ahmed")) == "Aisha Ahmed"


def test_markup_in_a_name_is_escaped_before_the_breaks_are_added():
    assert str(breakable('<b onclick="x">a.b</b>')) == "&lt;b onclick=&quot;x&quot;&gt;a.<wbr>b&lt;/b&gt;"


def test_every_template_has_the_filter_without_loading_it():
    rendered = Template("{{ email|breakable }}").render(Context({"email": "a@b.c"}))
    assert rendered == "a@<wbr>b.<wbr>c"


def test_nothing_renders_as_nothing():
    assert str(breakable(None)) == ""
