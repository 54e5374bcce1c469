"""Corpus text is rendered literally: no HTML, no script, only http(s) links."""

import re

from assistant.ui.common import md_escape, safe_link
from assistant.ui.corpus_page import password_ok


def test_markup_in_corpus_text_is_escaped():
    hostile = "<script>alert('x')</script> [click](javascript:alert(1)) **bold** <img src=x>"
    rendered = md_escape(hostile)
    for control in "<>[]()*":  # every Markdown/HTML control character arrives escaped
        assert not re.search(r"(?<!\\)" + re.escape(control), rendered), control


def test_only_http_links_become_links():
    assert safe_link("USGS", "https://pubs.usgs.gov/x.pdf") == "[USGS](https://pubs.usgs.gov/x.pdf)"
    assert "(" not in safe_link("evil", "javascript:alert(1)")
    assert "](" not in safe_link("data", "data:text/html;base64,AAAA")
    assert "](" not in safe_link("spaced", "https://example.com/a b")


def test_password_check_is_exact():
    assert password_ok("s3cret", "s3cret")
    assert not password_ok("s3cret ", "s3cret")
    assert not password_ok("", "s3cret")
