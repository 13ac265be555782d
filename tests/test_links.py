"""Shown text fetches nothing and links nowhere: images, links, bare URLs and raw tags from a
document or a model are defused before the browser sees them."""

from __future__ import annotations

import re

import pytest

from coach.pipeline.links import safe_markdown

OUTSIDE = "evil.example"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read ![logo](https://evil.example/x.png?d=secret) now [1].", "Read [image: logo] now [1]."),
        ("![](https://evil.example/t.gif)", "[image]"),
        ("![a](data:image/png;base64,AAAA)", "[image: a]"),
        ("See [the guide](https://evil.example/g).", "See the guide."),
        ("[x](javascript:alert(1))", "x"),
        ("[1](https://evil.example)", "[1]"),
        ("<https://evil.example/a>", "`https://evil.example/a`"),
        ("Visit https://evil.example/p?q=1&r=2 or www.evil.example.", None),
        ("![][ref]\n\n[ref]: https://evil.example/i.png", "[image]\n\n"),
        ('<img src="https://evil.example/i.png">', None),
        ("Payroll [1] and [note] stay; a < b > c.", "Payroll [1] and [note] stay; a < b > c."),
    ],
)
def test_images_links_and_urls_are_defused(text, expected):
    out = safe_markdown(text)
    if expected is not None:
        assert out == expected
    # Whatever is left of an outside URL is inside inline code, which is never a link or image.
    outside_code = re.sub(r"`[^`]*`", "", out)
    assert OUTSIDE not in outside_code and "](" not in outside_code and "<img" not in outside_code


def test_plain_guidance_is_unchanged():
    text = "**Own the exceptions** [2]: list them, then automate the rest.\n\n- step one\n- step two"
    assert safe_markdown(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Own it [1] [2].", "Own it [1] [2]."),
        ("Own it [1][2].", "Own it [1][2]."),
        (
            "Text.\n\n[1]: Customer support agent\n[2]: Paralegal",
            "Text.\n\n[1] Customer support agent\n[2] Paralegal",
        ),
    ],
)
def test_citations_and_a_models_numbered_source_list_survive(text, expected):
    """Citation numbers are what the sources are matched on: none may be lost or made a link."""
    assert safe_markdown(text) == expected
