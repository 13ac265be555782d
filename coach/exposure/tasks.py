"""Pulling a task list out of a chat message, in the forms people write one: bullets or numbers
on lines or inline ("1) … 2) …"), items after a cue ("my tasks are", "I spend most of my time",
"je m'occupe de", …) split on semicolons or commas, bare comma lists and short lines."""

from __future__ import annotations

import re

from coach.pipeline.inputs import binary_detail, printable

MAX_TASKS = 50
MAX_TASK_CHARS = 300

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\(?\d{1,2}(?:[.)]|\s+[-–])|\(?[a-z][.)])\s+(.+)$")
# "1) a 2) b", "(1) a (2) b", "1. a 2. b" inside a line: a number after a start, space or
# separator, never after a digit (so "1.5" and "2.1)" are not markers).
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[\s,;:]))\(?(\d{1,2})[.)](?=\s)")
_INLINE_BULLET = re.compile(r"\s*[•·]\s*")
_VERB = r"(?:is\s+spent(?:\s+on)?|goes\s+(?:on|into)|includes?|involves?|consists?\s+of|are|is)\b"
_APOS = "['’]"
# Cues after which people list what they do, in the six supported languages.
_CUES = [
    # English
    r"(?:(?:most|much)\s+of\s+)?(?:my|our)\s+(?:main\s+|daily\s+|day-to-day\s+|typical\s+|key\s+)?"
    rf"(?:tasks|duties|responsibilities|job\s+duties|work|job|day|days|week|time)\s+{_VERB}(?:\s+to\b)?",
    rf"i\s*(?:am|{_APOS}m)\s+(?:responsible\s+for|in\s+charge\s+of)",
    r"day\s+to\s+day,?\s+i|every\s+day\s+i|tasks\s*:",
    r"i\s+spend\s+(?:most\s+of\s+|much\s+of\s+|a\s+lot\s+of\s+)?my\s+(?:time|days?|week|working\s+day)"
    r"(?:\s+on)?",
    r"(?<!what\s)i\s+(?:do|handle|look\s+after|deal\s+with|take\s+care\s+of|work\s+on)(?!\s+not\b|n't)",
    # Spanish
    r"mis\s+(?:principales\s+)?(?:tareas|funciones|responsabilidades)\s+(?:son|incluyen)",
    r"me\s+(?:encargo|ocupo)\s+de|mi\s+trabajo\s+consiste\s+en|soy\s+responsable\s+de",
    r"paso\s+la\s+mayor\s+parte\s+de(?:l|\s+mi)\s+tiempo",
    # French
    r"mes\s+(?:principales\s+)?(?:tâches|missions|fonctions|responsabilités)\s+"
    r"(?:sont|incluent|comprennent)",
    rf"je\s+m{_APOS}occupe|je\s+gère|mon\s+travail\s+consiste\s+à|je\s+suis\s+(?:responsable|chargée?)",
    rf"je\s+passe\s+(?:la\s+plupart\s+de\s+|l{_APOS}essentiel\s+de\s+)?mon\s+temps\s+à",
    # German
    r"meine\s+(?:haupt)?aufgaben\s+(?:sind|umfassen)|zu\s+meinen\s+aufgaben\s+gehören",
    r"ich\s+kümmere\s+mich\s+um|ich\s+bin\s+(?:zuständig|verantwortlich)\s+für",
    r"ich\s+verbringe\s+(?:die\s+meiste|viel)\s+zeit\s+mit",
    # Portuguese
    r"(?:as\s+)?minhas\s+(?:principais\s+)?(?:tarefas|funções|responsabilidades)\s+(?:são|incluem)",
    r"(?:eu\s+)?cuido|sou\s+responsável|(?:o\s+)?meu\s+trabalho\s+consiste\s+em",
    r"passo\s+a\s+maior\s+parte\s+do\s+(?:meu\s+)?tempo\s+a",
    # Italian
    r"(?:i\s+miei\s+(?:principali\s+)?(?:compiti|incarichi)|le\s+mie\s+mansioni)\s+sono",
    r"mi\s+occupo|sono\s+responsabile|il\s+mio\s+lavoro\s+consiste\s+nel",
    r"passo\s+la\s+maggior\s+parte\s+del\s+(?:mio\s+)?tempo\s+a",
    # "my tasks:", "mis tareas:", "meine aufgaben als teamassistenz:" in any of the six languages:
    # a possessive, a word for tasks, a short qualifier, then a colon.
    r"(?:my|mis|mes|meine|minhas|as\s+minhas|i\s+miei|le\s+mie)\s+(?:main\s+|daily\s+|principales\s+|"
    r"haupt)?(?:tasks|duties|jobs|tareas|funciones|tâches|missions|aufgaben|tätigkeiten|tarefas|funções|"
    r"compiti|mansioni)[^:.?!\n]{0,40}:",
]
# A cue ends at a word's end, or at its colon ("mis tareas: …").
_CUE = re.compile(rf"\b(?:{'|'.join(_CUES)})(?:\b|(?<=:))\s*:?\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<![a-z]\.[a-z])[.?!](?:\s|$)|\n\s*\n")
_AND = re.compile(r"\s+(?:and|as\s+well\s+as|plus|y|e|ed|et|und|sowie|ou|o)\s+", re.IGNORECASE)
# Leading words that join items rather than name a task: conjunctions (any case), and the
# articles and prepositions of the six languages (lower case only, so "Do payroll" stays).
_LEAD_ANY = re.compile(r"^(?:and|or|to)\s+", re.IGNORECASE)
_LEAD_LOWER = re.compile(
    r"^(?:the|an?|y|e|et|und|ou|o|ed|el|la|las|los|le|les|un|une|des|du|de|del|della|dello|dei|"
    r"delle|degli|di|il|lo|gli|i|die|der|das|den|dem|um|da|do|dos|as|os|pela|pelo|pelas|pelos|por)"
    rf"\s+|^[dl]{_APOS}"
)
# An item that starts like a sentence or a question is not a task ("I love it", "what next").
_NOT_A_TASK = re.compile(
    rf"^(?:I(?:\s|{_APOS})|(?:we|he|she|they|you|je|j{_APOS}|nous|ich|wir|yo|eu|io|"
    r"what|how|why|when|where|which|who|should|could|would|"
    r"hi|hello|hey|hola|bonjour|salut|hallo|olá|ola|ciao|thanks|thank\s+you|gracias|merci|danke|"
    r"obrigad[oa]|grazie)\b)",
    re.IGNORECASE,
)
_WORDISH = re.compile(r"[^\W\d_]{3}")


def _clean(item: str) -> str:
    item = " ".join(printable(item).split()).strip(" \t.;,:!")
    for _ in range(3):  # "and the …", "de la …", "e a …"
        item = _LEAD_LOWER.sub("", _LEAD_ANY.sub("", item))
    return item.strip(" \t.;,:!").strip()


def task_lines(text: str, limit: int) -> tuple[list[str], list[str]]:
    """A typed or piped task list, one task per line: terminal escapes, control characters and
    runs of spaces removed, lines with no letters or digits (empty, NUL-only) and lines that look
    like binary data dropped, each task cut to MAX_TASK_CHARS,
    and at most ``limit`` tasks. Returns the tasks and notices saying what was left out."""
    tasks, notices, cut, binary = [], [], 0, 0
    for line in text.splitlines():
        task = " ".join(printable(line).split())
        if not any(c.isalnum() for c in task):
            continue  # empty, NUL-only or punctuation: nothing to map
        if binary_detail(line):
            binary += 1
            continue
        if len(task) > MAX_TASK_CHARS:
            task, cut = task[:MAX_TASK_CHARS].rstrip() + "…", cut + 1
        tasks.append(task)
    if binary:
        notices.append(f"{binary} line(s) looked like binary data, not a task, and were skipped.")
    if cut:
        notices.append(f"{cut} task(s) longer than {MAX_TASK_CHARS} characters were cut.")
    if len(tasks) > limit:
        notices.append(
            f"You gave {len(tasks)} tasks; I mapped the first {limit} (the limit is set by COACH_MAX_TASKS)."
        )
        tasks = tasks[:limit]
    return tasks, notices


def _usable(item: str) -> bool:
    fits = 3 <= len(item) <= MAX_TASK_CHARS
    return fits and not item.endswith("?") and bool(_WORDISH.search(item))


def _tasks(parts: list[str], least: int = 2) -> list[str]:
    """The usable, cleaned items of ``parts`` if there are at least ``least``, else []."""
    items = []
    for part in parts:
        raw = " ".join(printable(part).split())
        if _NOT_A_TASK.match(_LEAD_ANY.sub("", raw)):
            continue
        item = _clean(raw)
        if _usable(item):
            items.append(item)
    return items[:MAX_TASKS] if len(items) >= least else []


def _split_items(text: str) -> list[str]:
    """'a; b; c', or 'a, b and c' (commas, then one "and" in the last item)."""
    if ";" in text:
        return text.split(";")
    parts = text.split(",")
    while len(parts) > 1 and _NOT_A_TASK.match(parts[-1].strip()):
        parts.pop()  # "a, b and c, what should I learn": the question is not an item
    parts[-1:] = _AND.split(parts[-1], maxsplit=1)
    return parts


def _inline_numbered(text: str) -> list[str]:
    """Items of a "1) a 2) b 3) c" list: markers counting up from 1; the last item ends with
    its sentence."""
    markers, expected = [], 1
    for match in _INLINE_NUMBER.finditer(text):
        if int(match.group(1)) == expected:
            markers.append(match)
            expected += 1
    # The list starts the message, a line, or follows a colon ("my tasks: 1) …").
    before = text[: markers[0].start()].rstrip(" \t(") if markers else ""
    if len(markers) < 2 or (before and not before.endswith((":", "\n"))):
        return []
    parts = [text[a.end() : b.start()] for a, b in zip(markers, markers[1:])]
    last = text[markers[-1].end() :]
    end = _SENTENCE_END.search(last)
    parts.append(last[: end.start() + 1] if end else last)
    # "1. Should I retrain?" is a list of questions, not of tasks; an item holding a whole
    # sentence means the numbers were not list markers ("version 1. of the plan is ok. 2.").
    inner = [p.strip().rstrip(".;,") for p in parts[:-1]]
    if any(p.strip().endswith("?") for p in parts) or any(_SENTENCE_END.search(p) for p in inner):
        return []
    return _tasks(parts)


def _bare_lines(text: str) -> list[str]:
    """Short lines without sentence punctuation, one task each, under an optional "…:" header."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].endswith(":"):
        lines = lines[1:]
    if len(lines) < 2 or len(lines) > MAX_TASKS:
        return []
    for line in lines:
        if len(line.split()) > 8 or line[-1] in ".?!" or _NOT_A_TASK.match(line):
            return []
    return _tasks(lines, least=len(lines))


def _bare_list(text: str) -> list[str]:
    """A message that is only a list: 'a; b; c' or 'a, b, c' (three or more short items)."""
    text = text.strip().rstrip(".")
    if "\n" in text or not text or "?" in text or _SENTENCE_END.search(text):
        return []
    parts = _split_items(text)
    least = 2 if ";" in text else 3
    if any(len(p.split()) > 6 or _NOT_A_TASK.match(p.strip()) for p in parts):
        return []
    return _tasks(parts, least=max(least, len([p for p in parts if p.strip()])))


# "… I diagnose no-heat calls, then I write up quotes, I order parts, and I log my hours": a
# sentence of three or more clauses that each start with "I <verb>" (or je / ich / yo / eu / io)
# describes a working day; each clause is a task. Verbs of feeling, wanting or being are not.
_CLAUSE = re.compile(
    rf"(?:^|(?<=[\s,;]))(?:i|je|ich|yo|eu|io)(?:\s+(?:also|then|usually|often|mostly|sometimes|"
    rf"mainly|aussi|auch|también|também|anche))?\s+"
    rf"(?!(?:am|was|were|have|had|has|think|feel|felt|want|wanted|would|will|can|could|should|"
    rf"must|need|know|like|love|hate|guess|hope|wonder|don|do|did|get|got|just|really|mean|"
    rf"suis|bin|estoy|soy|sou|sono|habe|ai|tengo|tenho|ho|hab|war|était|era|fui)\b)"
    rf"(?=[^\W\d_]{{2,}}\b)(?!{_APOS})",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(
    r"\b(?:before|after|when|while|once|until|if|because|since|as|avant\s+que|quand|lorsque|wenn|"
    r"bevor|nachdem|cuando|antes\s+de\s+que|quando|prima\s+che|se|si)\s*$",
    re.IGNORECASE,
)
_CLAUSE_TAIL = re.compile(r"\s*,.*$|\s+(?:and|then|y|et|und|e|puis|dann|luego|poi|depois)\s*$", re.IGNORECASE)


def _first_person_clauses(text: str) -> list[str]:
    """The clauses of the first sentence that lists three or more "I <verb> …" (see _CLAUSE)."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        # "before I leave I update the log": a clause after a subordinator is not a task
        starts = [m for m in _CLAUSE.finditer(sentence) if not _SUBORDINATE.search(sentence[: m.start()])]
        if len(starts) < 3:
            continue
        bounds = [m.end() for m in starts]
        parts = [sentence[a : b.start()] for a, b in zip(bounds, starts[1:])] + [sentence[bounds[-1] :]]
        tasks = _tasks([_CLAUSE_TAIL.sub("", p.strip()) for p in parts], least=3)
        if tasks:
            return tasks
    return []


def extract_tasks(text: str) -> list[str]:
    """A task list from a chat message: two or more bullet or numbered lines, an inline
    numbered or bulleted list, two or more items after a cue ("my tasks are:", "I spend most of
    my time", "me encargo de", …) split on semicolons or on commas and a last "and", a bare
    comma or semicolon list, or short lines. [] otherwise (a question, or one task)."""
    bullets = _tasks([m.group(1) for line in text.splitlines() if (m := _BULLET.match(line))])
    if bullets:
        return bullets
    numbered = _inline_numbered(text)
    if numbered:
        return numbered
    if len(_INLINE_BULLET.findall(text)) >= 2:
        dotted = _tasks(_INLINE_BULLET.split(text))
        if dotted:
            return dotted
    cue = _CUE.search(text)
    if cue:
        rest = _SENTENCE_END.split(text[cue.end() :], maxsplit=1)[0]
        cued = _tasks(_split_items(rest))
        if cued:
            return cued
    return _bare_list(text) or _bare_lines(text) or _first_person_clauses(text)
