from ecfhub.lib.markdown import render_markdown


def test_the_same_text_is_rendered_once_and_an_edited_text_afresh():
    render_markdown.cache_clear()
    first = render_markdown("Dates are *given* by the hub.")
    again = render_markdown("Dates are *given* by the hub.")
    edited = render_markdown("Dates are *chosen* by the hub.")
    assert again is first
    assert render_markdown.cache_info().hits == 1
    assert "<em>chosen</em>" in edited and "given" not in edited
