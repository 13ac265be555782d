"""A shadow copy of a text for matching: what a pasted text means rather than how it is spelled.

Pasted text hides personal data in encodings a reader decodes without noticing: HTML entities
("ana&#64;acme.org", "&commat;", "NSW&nbsp;2042"), URL escapes ("mailto:ana%40acme.org"), JSON
escapes ("ana\\u0040acme.org"), an emoji standing in for a space or for the at sign, and OCR that
read "1" for "l" and "O" for "0" ("l4 Chape1 Street, CMl2 9LS"). The rules match the decoded
shadow, and each match is mapped back to the span of the original it came from, so everything the
rules leave alone comes back exactly as it was written. Each pass is linear in the text.
"""

from __future__ import annotations

import bisect
import html
import re

# Pictographs and their joiners: "📍 17 🏠 Queen's Road", "Rua Augusta 🏢 1508".
_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"
_PROVIDERS = (
    r"gmail|googlemail|hotmail|outlook|live|yahoo|ymail|icloud|proton(?:mail)?|gmx|web|aol|yandex|libero"
    r"|orange|free|wanadoo|laposte|sfr|uol|bol|ig|terra|fastmail|zoho|mail"
)
_ENCODED = re.compile(
    # HTML entities, numeric or named ("&#64;", "&#x40;", "&commat;", "&nbsp;")
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    # URL escapes of the signs in an address ("%40", "%2E") inside a word ("a 40%20 cut" is none), JSON
    # and Python escapes of a printable character ("\u0040", "\/")
    r"|(?<=[\w.+-])%(?:40|2[bBdDeE]|5[fF])(?=\w)|\\u00[2-7][0-9a-fA-F]|\\x[2-7][0-9a-fA-F]|\\/"
    # a line break as HTML writes it; inline tags and comments that split a word ("ana<span>@</span>acme")
    r"|<br\s{0,3}/?>|</?(?:span|b|i|em|strong|u|small|font|wbr)(?:\s[^<>\n]{0,100})?>|<!--[^\n]{0,60}?-->"
    # a sign escaped for markdown: "ana\_perez\@acme.org"
    r"|\\[_.@*+-]"
    # an emoji, with the spaces around it
    rf"|[ \t]{{0,3}}[{_EMOJI}]{{1,8}}[ \t]{{0,3}}"
    # spaces that are not plain, and invisible characters
    r"|[\u00a0\u2007\u202f]|[\u00ad\u200b\u2060]"
)
_EMOJI_CHAR = re.compile(f"[{_EMOJI}]")
# After an emoji, a mail provider: the emoji stands for the at sign ("lea_b 🐌 gmail point com").
_PROVIDER_AFTER = re.compile(rf"(?i:{_PROVIDERS})(?![^\W_])")
# A word OCR misread: letters with "1" and "0" for "l" and "o" ("Chape1", "Tou1ouse", "Pe0plier");
# a number with "l", "I" or "O" for "1" and "0" ("l4", "3l000", "5O672", and "CMl2" after letters).
_OCR_WORD = re.compile(
    # a capital only first ("EC1R" is a postcode), three letters or more, and no postcode's shape
    r"(?<!\w)(?![a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}(?!\w))(?=[^\W\d_]*[01])(?=(?:[01]*[^\W\d_]){3})"
    r"[^\W2-9_][^\W2-9_A-ZÀ-ÖØ-Þ]{4,29}(?!\w)"
)
_OCR_NUMBER = re.compile(
    r"(?<![\w-])([A-Z]{1,2}(?=[lIO]*[0-9]))?((?=[0-9lIO]*[0-9])(?=[0-9]*[lIO])[0-9lIO]{2,7})(?![\w-])"
)
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# the small at sign and full stop of CJK forms, and the one-dot leader, read as "@" and "."
_FULL_WIDTH.update({0xFE6B: ord("@"), 0xFE52: ord("."), 0x2024: ord(".")})
_OCR_DIGITS = str.maketrans("lIO", "110")
_OCR_LETTERS = str.maketrans("10", "lo")
_HINT = re.compile(
    rf"[&%\\<{_EMOJI}\u00a0\u2007\u202f\u00ad\u200b\u2060\uff01-\uff5e\ufe6b\ufe52\u2024]|[0-9][lIO]|[lIO][0-9]|[^\W\d_][01]"
)


def _ocr_number(m: re.Match[str]) -> str:
    if not m.group(1) and (
        re.match(r" [0-9][a-z]{2}\b", m.string[m.end() : m.end() + 4])
        or re.search(r"(?i)[a-z][0-9][a-z] $", m.string[max(0, m.start() - 4) : m.start()])
    ):
        return m.group(0)  # "l20 8dr", "h2j 2l3": a UK or Canadian postcode as typed, in lower case
    return (m.group(1) or "") + m.group(2).translate(_OCR_DIGITS)


def _decode(token: str) -> str:
    if token.startswith("&"):
        return html.unescape(token).replace("\u00a0", " ")
    if token.startswith("%"):
        return chr(int(token[1:], 16))
    if token[:2] in ("\\u", "\\x"):
        return chr(int(token[2:], 16))
    if token == "\\/":
        return "/"
    if token.startswith("<"):
        return "\n" if token[1:3].lower() == "br" else ""  # a line break; any other tag is dropped
    if token[:1] == "\\":
        return token[1]
    if token in "\u00ad\u200b\u2060":
        return ""
    if token in "\u00a0\u2007\u202f":
        return " "
    # an emoji, and the spaces around it, are as many spaces: "Bahn 2 🚂 56170" is no "2 56170"
    return " " * len(token)


class Shadow:
    """The original ``text`` and the ``shadow`` the rules match, with the edits that relate them."""

    def __init__(self, text: str) -> None:
        self.text = text
        # (shadow start, shadow end, original start, original end) for each stretch that differs
        self.edits: list[tuple[int, int, int, int]] = []
        self._starts: list[int] = []
        if not _HINT.search(text):
            self.shadow = text
            return
        pieces: list[str] = []
        last = shift = 0
        for m in _ENCODED.finditer(text):
            piece = _decode(m.group(0))
            if _EMOJI_CHAR.search(m.group(0)) and _emoji_at(m):
                piece = "@"
            if piece == m.group(0):
                continue  # "&" in "R&D;" or an unknown entity: nothing to decode
            pieces.append(text[last : m.start()])
            start = m.start() + shift
            self.edits.append((start, start + len(piece), m.start(), m.end()))
            pieces.append(piece)
            shift += len(piece) - (m.end() - m.start())
            last = m.end()
        pieces.append(text[last:])
        # full-width forms are the ASCII signs of a phone keyboard: "ａｎａ＠ｇｍａｉｌ．ｃｏｍ"
        decoded = "".join(pieces).translate(_FULL_WIDTH)
        # OCR misreadings change no length: the edits so far stay valid
        decoded = _OCR_WORD.sub(lambda m: m.group(0).translate(_OCR_LETTERS), decoded)
        self.shadow = _OCR_NUMBER.sub(_ocr_number, decoded)
        self._starts = [e[0] for e in self.edits]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the shadow's ``start:end`` came from."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            o_start = start
        else:
            s_start, s_end, o_first, o_end = self.edits[i]
            o_start = o_first if start < s_end else o_end + (start - s_end)
        i = bisect.bisect_left(self._starts, end) - 1
        if i < 0:
            return o_start, end
        s_start, s_end, o_first, o_end = self.edits[i]
        return o_start, o_end if end <= s_end else o_end + (end - s_end)

    def replace(self, spans: list[tuple[int, int]], placeholder: str) -> None:
        """Put ``placeholder`` over each (sorted, disjoint) shadow span, in both copies."""
        text_out: list[str] = []
        shadow_out: list[str] = []
        edits: list[tuple[int, int, int, int]] = []
        t_last = s_last = 0
        s_shift = t_shift = 0
        k = 0
        n = len(placeholder)
        for start, end in spans:
            o_start, o_end = self.original(start, end)
            while k < len(self.edits) and self.edits[k][1] <= start:
                a, b, c, d = self.edits[k]
                edits.append((a + s_shift, b + s_shift, c + t_shift, d + t_shift))
                k += 1
            while k < len(self.edits) and self.edits[k][0] < end:
                k += 1  # an edit inside the span is covered by the placeholder
            text_out += [self.text[t_last:o_start], placeholder]
            shadow_out += [self.shadow[s_last:start], placeholder]
            s_shift += n - (end - start)
            t_shift += n - (o_end - o_start)
            t_last, s_last = o_end, end
        for a, b, c, d in self.edits[k:]:
            edits.append((a + s_shift, b + s_shift, c + t_shift, d + t_shift))
        self.text = "".join(text_out) + self.text[t_last:]
        self.shadow = "".join(shadow_out) + self.shadow[s_last:]
        self.edits = edits
        self._starts = [e[0] for e in edits]


def _emoji_at(m: re.Match[str]) -> bool:
    """An emoji right after a local part and before a mail provider stands for the at sign."""
    before = m.string[m.start() - 1 : m.start()] if m.start() else ""
    return bool(re.match(r"[\w.+-]", before)) and bool(_PROVIDER_AFTER.match(m.string, m.end()))
