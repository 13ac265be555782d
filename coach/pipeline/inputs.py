"""Input cleaning: whatever arrives (bytes, control characters, a huge paste) becomes a safe,
bounded question, with notices that say what was changed.

Invalid UTF-8 and binary data are refused whole, never half read: a question with a few bytes
replaced by guesses would be answered (and stored) as something the person did not write.
Text from ``sys.argv`` or a surrogate-escaped stream carries undecodable bytes as lone
surrogates (U+DC80..U+DCFF), so a ``str`` with surrogates is refused the same way."""

from __future__ import annotations

import re

# Terminal escape sequences: CSI (ESC [ ... final byte, or the 8-bit CSI U+009B), OSC and the
# other string commands (ESC ] / P / X / ^ / _ ... ended by BEL or ST), and two-byte escapes.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 control characters except tab and newline, DEL, the byte-order mark and lone
# surrogates (which no terminal or database can take).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
CUT_MARK = " [… cut]"

NOT_UTF8 = (
    "{what} is not UTF-8 text ({detail}): it looks like binary data or another encoding, "
    "so I did not read any of it. Save or paste it as plain text (UTF-8) and try again."
)
BINARY = "{what} looked like binary data, not text ({detail}), so I did not read any of it."


def printable(text: str) -> str:
    """``text`` without terminal escape sequences or control characters (tabs and newlines kept):
    safe to print to a terminal and to store."""
    text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub("", _ESCAPE.sub("", text))


def binary_detail(text: str) -> str:
    """Why ``text`` looks like binary data rather than writing ("" when it does not): NUL bytes,
    or more than one character in twenty a control character (escape sequences aside)."""
    nuls = text.count("\x00")
    if nuls > max(2, len(text) // 50):
        return f"{nuls:,} NUL bytes"
    controls = len(_CONTROL.findall(_ESCAPE.sub("", _NEWLINES.sub("\n", text))))
    if controls > max(2, len(text) // 20):
        return f"{controls:,} control characters"
    return ""


def decode_input(
    raw: str | bytes | None, what: str = "Your message", check_binary: bool = True
) -> tuple[str | None, str]:
    """``(text, "")`` for UTF-8 text, ``(None, reason)`` when the input must be refused whole:
    invalid UTF-8 (or lone surrogates) and, with ``check_binary``, binary data."""
    if raw is None:
        return "", ""
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.object[exc.start : exc.start + 1].hex()
            detail = f"byte 0x{bad} at position {exc.start:,} cannot be read"
            return None, NOT_UTF8.format(what=what, detail=detail)
    if match := _SURROGATE.search(raw):
        code = ord(match.group())
        byte = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        detail = f"{byte} at position {match.start():,} cannot be read"
        return None, NOT_UTF8.format(what=what, detail=detail)
    if check_binary and (detail := binary_detail(raw)):
        return None, BINARY.format(what=what, detail=detail)
    return raw, ""


def clean_question(raw: str | bytes | None, limit: int) -> tuple[str, list[str]]:
    """Make any input safe to use: refuse invalid UTF-8 and binary data (``""`` and a notice),
    drop terminal escapes and control characters, cut to ``limit`` with a mark saying so.

    The result is at most ``limit`` characters, and cleaning it again changes nothing."""
    decoded, refusal = decode_input(raw)
    if decoded is None:
        return "", [refusal]
    notices = []
    text = printable(decoded).strip()
    if len(text) > limit:
        # The mark stays with the stored question, so history shows it was cut.
        mark = CUT_MARK if limit > 2 * len(CUT_MARK) else ""
        total, text = len(text), text[: limit - len(mark)].rstrip()
        notices.append(
            f"Your message was {total:,} characters; I read the first {len(text):,} "
            f"(the limit is {limit:,}, set by COACH_MAX_QUESTION_CHARS)."
        )
        text = (text + mark).strip()
    # Checked on what would be used, so that cleaning the result again refuses nothing.
    if text.count("\ufffd") > max(2, len(text) // 5):
        return "", [BINARY.format(what="Your message", detail="most of it is unreadable characters")]
    return text, notices
