"""The snippet highlighter: escapes HTML, marks word starts, cuts around the first match."""

from equityhub.library.highlight import highlight, highlighted_snippet, query_terms, snippet


def test_terms_drop_operators_and_order_longest_first() -> None:
    assert query_terms("data AND ethnicity OR not") == ["ethnicity", "data"]


def test_html_in_text_and_query_is_escaped() -> None:
    marked = str(highlight("<script>alert(1)</script> equity", query_terms("<script> equity")))
    assert "<script>" not in marked
    assert "&lt;<mark>script</mark>&gt;" in marked
    assert "<mark>equity</mark>" in marked


def test_terms_match_at_word_starts_only() -> None:
    marked = str(highlight("Equity and inequity", ["equit"]))
    assert marked == "<mark>Equit</mark>y and inequity"


def test_snippet_centres_on_the_first_match() -> None:
    text = "filler " * 100 + "the ethnicity finding " + "more " * 100
    cut = snippet(text, ["ethnicity"], length=120)
    assert "ethnicity" in cut
    assert cut.startswith("… ") and cut.endswith(" …")
    assert len(cut) <= 124


def test_no_query_means_plain_escaped_text() -> None:
    assert str(highlighted_snippet("a < b", "")) == "a &lt; b"
