"""Replace personal data with placeholders before text goes to a remote model.

Emails, phone numbers, names given as names, street addresses and ID or card numbers become
``[email]``, ``[phone]``, ``[name]``, ``[address]`` and ``[number]``. The rules are tuned to
leave career talk alone: years, percentages, money, counts ("5 hours", "200 staff"), dates,
ranges and "30/60/90-day plan" pass through unchanged. Redaction is best effort, not a
guarantee: a name mentioned in passing ("ask Maria") is not recognised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from langchain_core.messages import BaseMessage

# The lookbehind starts a match only at the start of a token, keeping long tokens linear.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# --- numbers --------------------------------------------------------------------------------------
# Runs of digit groups joined by one separator ("+44 20 7946 0958", "(555) 123-4567",
# "4111-1111-1111-1111"); each run is then judged as a whole by _classify_number.
_NUMBER_RUN = re.compile(
    r"(?<![\w@+/.,-])(?:\+\s?)?(?:\([0-9]{1,4}\)\s?)?[0-9]+(?:(?:[ .\-]|\)\s?|\s?\()[0-9]+\)?)*(?![\w/%@])"
)
_IBAN = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_ID_WITH_LETTERS = re.compile(
    r"\b(?:[0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z]"  # Spanish DNI / NIE
    r"|[A-CEGHJ-PR-TW-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D])\b"  # UK National Insurance
)
_SSN = re.compile(r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$")
_DATE = re.compile(r"^(?:[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2})$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:([ .])[0-9]{3})(?:\1[0-9]{3})*$")
_PHONE_CONTEXT = re.compile(
    r"(?<!\[)\b(?:phone|tel|telephone|call|cell|mobile|whatsapp|signal|sms|text\s+me|reach\s+me|number|fax"
    r"|m[oó]vil|tel[eé]fono|handy|portable|cellulare)\W{0,3}(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf)\s?)$", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s?(?:%|[$€£¥]|k\b|(?:usd|eur|gbp|euros?|dollars?|pounds?|people|employees|staff|hours?|hrs?|days?"
    r"|weeks?|months?|years?|units?|items?|pages?|words?|records?|invoices?|km|kg|miles?)\b)",
    re.IGNORECASE,
)


def _classify_number(run: str, before: str, after: str) -> str | None:
    """Judge one run of digits in its context: "phone", "number", or None to leave it as it is."""
    digits = re.sub(r"\D", "", run)
    n = len(digits)
    if n < 7 or _DATE.match(run) or _MONEY_BEFORE.search(before) or _UNIT_AFTER.match(after):
        return None
    groups = re.findall(r"[0-9]+", run)
    if all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups):
        return None  # years: "2019-2023", "2019 2020 2021"
    phone_context = bool(_PHONE_CONTEXT.search(before[-40:]))
    if _SSN.match(run):
        return "number"
    if run.startswith("+") or digits.startswith("00") and n >= 10:
        return "phone" if n <= 15 else "number"
    if n >= 13:
        return "number"  # card or account numbers
    if phone_context:
        return "phone"
    if _THOUSANDS.match(run) or len(groups) == 1 and not digits.startswith("0"):
        # "1 250 000" or a bare 9-12 digit id; a leading 0 or a phone word makes it a phone number.
        return "number" if n >= 9 else None
    return "phone" if n >= 9 or "(" in run else None


def _replace_numbers(text: str, counts: Counter) -> str:
    out, last = [], 0
    for m in _NUMBER_RUN.finditer(text):
        run = m.group(0).rstrip(" .-")
        kind = _classify_number(run, text[: m.start()], text[m.start() + len(run) :])
        if kind:
            out += [text[last : m.start()], f"[{kind}]"]
            last = m.start() + len(run)
            counts[kind] += 1
    return "".join(out) + text[last:]


# --- addresses ------------------------------------------------------------------------------------
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
# A word of a street name: not a count's unit or a small word, so "2 hours on the highway" stays.
_STREET_WORD = (
    r"(?!(?:hours?|minutes?|mins?|days?|weeks?|months?|years?|times|people|miles?|km|on|the|a|an|of|to|in"
    r"|per|and|or|at|my|our|from|by|for|with)\b)[^\W\d_][\w'’.-]*"
)
_STREET_TYPES = (
    r"(?i:street|avenue|road|boulevard|lane|terrace|crescent|parkway|highway)"
    r"|Way|Close|Place|Court|Drive|Square|Row|Gardens|Mews|St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Pkwy|Hwy"
)
_ADDRESS = re.compile(
    # "221B Baker Street", "1600 Pennsylvania Ave NW", "10 Downing St., Apt 4"
    rf"\b[0-9]{{1,5}}[A-Za-z]?,?\s+(?:{_STREET_WORD}\s+){{1,4}}(?:{_STREET_TYPES})\b\.?"
    r"(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*[0-9][\w-]*)?"
    # "Hauptstraße 5", "Berliner Str. 12a", "Kastanienallee 3"
    rf"|\b(?:{_CAP}\s+)?[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|damm)\s+[0-9]{{1,4}}"
    r"(?:[a-zA-Z]\b)?"
    r"|\b(?:Straße|Strasse|Weg|Gasse|Allee|Platz)\s+[0-9]{1,4}(?:[a-zA-Z]\b)?"
    # "Calle Mayor 12", "Rue de Rivoli 10", "Via Roma 1", "Rua Augusta, 27"
    r"|\b(?:Calle|C/|Avenida|Avda\.|Paseo|Plaza|Carrer|Rue|Via|Viale|Piazza|Corso|Rua|Travessa|Praça)\s+"
    rf"(?:(?:de|del|des|du|da|do|dos|di|della|la|le|los|las)\s+)*{_CAP}(?:\s+{_CAP}){{0,3}},?\s*"
    r"(?:n[º°o]\.?\s*)?[0-9]{1,4}(?:[a-zA-Z]\b)?(?!\s*(?:%|(?:times|hours|days|weeks|years|people)\b))"
    # "12 rue de Rivoli", "5 bis avenue Foch"
    r"|\b[0-9]{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai)\s+"
    rf"(?:(?:de|du|des|de la|d')\s*)?{_CAP}(?:\s+{_CAP}){{0,3}}"
)

# --- names ----------------------------------------------------------------------------------------
_NAME_SAID = re.compile(
    r"(?:\bmy\s+(?:full\s+|first\s+|last\s+)?name(?:\s+is|\s*:)|(?:^|(?<=[\n,;(]))[ \t]*(?:full\s+|first\s+"
    r"|last\s+)?name\s*:|\b(?:i'm|i\s+am)\s+called|\bme\s+llamo|\bmi\s+nombre\s+es|\bje\s+m'appelle"
    r"|\bmon\s+nom\s+est|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist|\bmi\s+chiamo|\bil\s+mio\s+nome\s+è"
    r"|\bmeu\s+nome\s+é|\bchamo-me)[ \t]*",
    re.IGNORECASE,
)
_CALL_ME = re.compile(r"\bcall\s+me[ \t]+", re.IGNORECASE)  # a name only if capitalised
_SIGN_OFF = re.compile(
    r"(?:^|\n)[ \t]*(?:signed|regards|best\s+regards|kind\s+regards|warm\s+regards|best|thanks|thank\s+you"
    r"|cheers|sincerely|yours(?:\s+truly|\s+sincerely)?|warmly|saludos|cordialement|grüße|gruß|--|—)"
    r"[ \t]*,?[ \t]*\n?[ \t]*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")
_PARTICLES = {"de", "del", "la", "da", "das", "do", "dos", "van", "von", "der", "den", "di", "du", "le", "y"}
_NOT_NAMES = frozenset(
    str.split(
        "i i'm and but so or from at in a an the is am was not who with to of for on my me it this that as"
        " here there working work live living monday tuesday wednesday thursday friday saturday sunday"
        " january february march april may june july august september october november december hr ai"
    )
)


def _name_end(text: str, start: int, capitals_only: bool) -> int:
    """Where a name starting at ``start`` ends (``start`` when there is none): up to four words,
    capitalised ones unless the person typed the first one in lower case ("my name is ana")."""
    end = pos = start
    words, lower_case = 0, False
    while words < (2 if lower_case else 4):
        m = _WORD.match(text, pos)
        if not m:
            break
        word = m.group(0).rstrip(".")
        if words and word.lower() in _PARTICLES:  # "de", "van": kept only when a name word follows
            gap = re.match(r"[ \t]+", text[m.start() + len(word) :])
            if not gap:
                break
            pos = m.start() + len(word) + gap.end()
            continue
        if word.lower() in _NOT_NAMES:
            break
        if not word[0].isupper():
            if capitals_only or (words and not lower_case):
                break
            lower_case = True
        initial = len(word) == 1 and m.group(0).endswith(".")  # "J. Smith"
        end = m.start() + len(word) + (1 if initial else 0)
        words += 1
        gap = re.match(r"[ \t]+", text[end:])
        if not gap:
            break
        pos = end + gap.end()
    return end


def _replace_names(text: str, counts: Counter) -> str:
    spans = set()
    for trigger, capitals_only, last_line in (
        (_NAME_SAID, False, False),
        (_CALL_ME, True, False),
        (_SIGN_OFF, True, True),
    ):
        for m in trigger.finditer(text):
            end = _name_end(text, m.end(), capitals_only)
            rest = text[end:].lstrip(" \t.!")
            if end > m.end() and (not last_line or not rest or rest.startswith("\n")):
                spans.add((m.end(), end))
    next_start = len(text)
    for start, end in sorted(spans, reverse=True):
        if end <= next_start:  # overlapping spans name the same person once
            text = text[:start] + "[name]" + text[end:]
            counts["name"] += 1
            next_start = start
    return text


def _sub(
    pattern: re.Pattern[str],
    kind: str,
    text: str,
    counts: Counter,
    accept: Callable[[re.Match[str]], bool] = lambda m: True,
) -> str:
    def repl(m: re.Match[str]) -> str:
        if not accept(m):
            return m.group(0)
        counts[kind] += 1
        return f"[{kind}]"

    return pattern.sub(repl, text)


def redact(text: str) -> tuple[str, dict[str, int]]:
    """``text`` with personal data replaced by placeholders, and how many of each kind."""
    counts: Counter = Counter()
    text = _sub(_EMAIL, "email", text, counts)
    text = _sub(_IBAN, "number", text, counts, lambda m: sum(c.isdigit() for c in m.group(0)) >= 10)
    text = _sub(_ID_WITH_LETTERS, "number", text, counts)
    text = _sub(_ADDRESS, "address", text, counts)
    text = _replace_numbers(text, counts)
    text = _replace_names(text, counts)
    return text, dict(counts)


def _redact_content(content: str | list, redactor: Callable[[str], str]) -> str | list:
    if isinstance(content, str):
        return redactor(content)
    parts: list = []
    for part in content:
        if isinstance(part, str):
            parts.append(redactor(part))
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append({**part, "text": redactor(part["text"])})
        else:
            parts.append(part)
    return parts


def redact_messages(messages: list[BaseMessage]) -> tuple[list[BaseMessage], dict[str, int]]:
    """Redacted copies of chat messages (the originals are not changed), and the total counts."""
    total: Counter = Counter()

    def redactor(text: str) -> str:
        clean, counts = redact(text)
        total.update(counts)
        return clean

    copies = [m.model_copy(update={"content": _redact_content(m.content, redactor)}) for m in messages]
    return copies, dict(total)
