"""The job a message names in passing, when nothing else found one: "icu nurse here. night
shifts…", "long haul trucker 18 yrs. …", "head chef in a busy bistro. …".

People who state their job without "I'm a …" usually put it first, as a short phrase before the
first full stop or comma. The intent classifier says when a message names a role (coaching, a
role question, a transition); this module cuts out that phrase. Whether it is a job is decided
by the caller, by how close it comes to a role card or an occupation.
"""

from __future__ import annotations

import re

MAX_WORDS = 6
# Where the opening phrase ends: a sentence or clause mark, a dash, or a line break.
_CLAUSE_END = re.compile(r"[.,;:!?\n(]|\s[-–—]\s")
# Words that open a message without naming anything ("ok so", "hi there", "a ver te cuento").
_LEADING = re.compile(
    r"^(?:(?:ok(?:ay)?|so|well|hi|hey|hello|um+|uh+|yeah|right|hola|bueno|pues|a ver|oye|salut|"
    r"bonjour|alors|bon|hallo|also|na|ciao|allora|ecco|olá|ola|então|bom)\b[\s,!.]*)+",
    re.IGNORECASE,
)
# Trailing words that say "this is me" rather than name the job ("icu nurse here", "… lol").
_TRAILING = re.compile(
    r"(?:\s+(?:here|lol|haha|tbh|btw|aqui|aquí|ici|hier|qui|"
    r"(?:(?:for|since|h[aá]|hace|desde|depuis|seit|da|from)\s+)?\d+\s*(?:yrs?|years?|y|años|anos|ans|jahre|anni)"
    r"(?:\s+(?:exp|experience|in))?|since\s+\d{4}))+\s*$",
    re.IGNORECASE,
)
# An opening that is a sentence or a question, not a job title.
_NOT_A_ROLE = re.compile(
    r"^(?:i|i'm|im|my|me|we|our|you|your|it|this|that|there|what|how|why|when|where|which|who|"
    r"should|could|would|can|will|is|are|do|does|did|please|help|thanks|thank|"
    r"cv|resume|résumé|headline|question|quick|context|background|update|note|ps|fyi|"
    r"je|j'|mon|ma|mes|ich|mein|meine|yo|mi|mis|eu|meu|minha|io|il mio|la mia|"
    r"qu[eé]|c[oó]mo|por qu[eé]|was|wie|warum|che|come|perch[eé]|o que|como|quel|comment)\b",
    re.IGNORECASE,
)


# The job after a verb of doing or working: "been doing payroll at a hospital", "I work in
# logistics", "ich arbeite als Lageristin bei …", "trabajo como cajera en …"; the phrase ends at
# a preposition, a conjunction or a clause mark.
_WORK_AS = re.compile(
    r"\b(?:doing|working\s+(?:in|as)|work\s+(?:in|as)|in\s+charge\s+of|"
    r"(?P<as>work(?:ing)?\s+as|arbeite\s+als|(?:trabajo|trabalho)\s+(?:como|de)|"
    r"travaille\s+(?:comme|en\s+tant\s+que)|lavoro\s+come))\s+"
    r"(?:the\s+|a\s+|an\s+)?(?P<job>[^\W\d_][^\n.,;:!?()]{1,60}?)"
    r"(?=\s+(?:at|for|in|with|since|on|and|but|so|bei|im|in|seit|und|en|desde|y|pero|dans|chez|"
    r"depuis|et|mais|presso|da|e|ma|em|na|no|há|mas)\b|[\n.,;:!?()]|$)",
    re.IGNORECASE,
)


# A self-introduction in the other languages ("soy auxiliar administrativa en un ayuntamiento",
# "ich bin Lagerist bei …", "je suis aide-soignante dans …"): the job up to a preposition.
_INTRO = re.compile(
    r"^(?:soy|je\s+suis|ich\s+bin|sou|sono|lavoro\s+come|faccio\s+(?:il|la|l'|lo))\s+"
    r"(?:(?:un|una|une|um|uma|ein|eine|el|la|le|o|a)\s+)?"
    r"(?!(?:de|di|da|do|du|des|en|in|aus|von|from|seit|since|desde|depuis|h[aá]|hace|fa)\b)(?P<job>[^\W\d_][^\n.,;:!?()]{1,60}?)"
    r"(?=\s+(?:en|in|bei|im|dans|chez|à|na|no|em|presso|da|desde|depuis|seit|para|pour|für|per|de|di|"
    r"do|della|del|des|du|der|y|et|und|e|há|ha|hace|fa|from|since|\d+)\b|[\n.,;:!?()]|$)",
    re.IGNORECASE,
)


def _opening(text: str) -> str:
    return _LEADING.sub("", text.strip().lstrip("¿¡ '\"-*"))


def _job(match: re.Match[str] | None) -> str:
    """The matched job phrase, spaces collapsed, if it could be a job title; else ""."""
    job = " ".join(match.group("job").split()) if match else ""
    return job if _usable(job) else ""


def introduced_role(text: str) -> str:
    """The job a message opens by introducing ("soy X en …", "ich bin X bei …"); "" otherwise."""
    return _job(_INTRO.match(_opening(text)))


def stated_role(text: str) -> str:
    """The job a message states outright ("I work as X", "arbeite als X", "trabajo como X"):
    a job, even when no card or occupation comes close; "" otherwise."""
    doing = _WORK_AS.search(text[:300])
    return _job(doing if doing and doing.group("as") else None)


def role_phrase(text: str) -> str:
    """The short phrase a message opens with, if it could be a job title; else the job after a
    verb of doing or working ("been doing payroll at …"); "" otherwise."""
    opening = _opening(text)
    if introduced := _job(_INTRO.match(opening)):
        return introduced
    head = " ".join(_CLAUSE_END.split(opening, maxsplit=1)[0].split())
    head = _TRAILING.sub("", head).strip(" '\"")
    doing = _WORK_AS.search(text[:300])
    if _usable(head) and not (doing and doing.start() < len(head)):
        return head
    return _job(doing)


def _usable(phrase: str) -> bool:
    words = phrase.split()
    return (
        0 < len(words) <= MAX_WORDS
        and not _NOT_A_ROLE.match(phrase)
        and bool(re.search(r"[^\W\d_]{3}", phrase))
    )
