"""Rules that find career facts (role, tasks, skills, goals, constraints) in one chat message.

Rule-based on purpose: it runs offline and instantly with any model, and each fact can be traced
to a phrase the person wrote. A rule fires only at the start of a clause ("I'm a nurse", "..., and
I handle payroll"), so "I'm worried", "if I want to" or "I'm looking for advice" never become
facts. Only English phrasing is understood.
"""

from __future__ import annotations

import re

from coach.domain.profile import LIST_KINDS

MAX_ITEM_CHARS = 120


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("".join(parts), re.IGNORECASE)


_ADV = (
    r"(?:(?:really|also|currently|now|still|mainly|mostly|usually|actually|just|basically|often|primarily"
    r"|generally|typically|normally|definitely|eventually|ultimately|already|even)\s+)*"
)
_IM = r"(?:i'm|im|i\s+am)\s+" + _ADV
_I = r"i\s+" + _ADV
_VERBS = _words(
    """handle manage process prepare run oversee coordinate maintain review write draft answer schedule
    reconcile support help compile calculate check file track update create build design develop test plan
    organise organize order book respond reply deal take look chase approve audit analyse analyze report
    train teach lead supervise monitor enter input type call email meet negotiate sell serve clean repair
    install fix assemble operate drive deliver pack load treat care assess diagnose advise research translate
    edit proofread present learn move become get find start switch change improve earn keep stay use work
    spend go make automate transition grow pivot retrain study apply land own launch open set cut save
    reduce avoid relocate travel afford commute speak code program sort log invoice bill pay count measure
    inspect verify collect send receive greet cook bake weld wire paint read follow field triage escalate
    resolve onboard recruit interview hire post publish be do"""
)
_ING_NOUNS = _words("accounting marketing onboarding bookkeeping engineering nursing banking")
_TASK_VERBS = (
    r"handle|manage|process|prepare|run|oversee|coordinate|maintain|review|write|draft|answer|schedule"
    r"|reconcile|support|compile|calculate|file|track|update|supervise|organi[sz]e|teach|treat|install"
    r"|repair|build|design|develop|test|analy[sz]e|audit|approve|book|serve|sell|deliver|drive|clean|cook"
    r"|check|enter|input|deal\s+with|take\s+care\s+of|look\s+after"
)
# "I'm a bit worried", "I'm a fast learner", "as a result": an article, but no job title.
_ROLE_BLOCK_FIRST = _words(
    """bit little lot tad fan big huge kind sort fast quick slow team people hard beginner newbie novice
    total complete person woman man guy girl human mess parent mum mom dad mother father single couple few
    long lifelong firm strong true real proud busy very pretty only one same best worst first last result
    rule whole matter consequence group company business side example bonus reminder start starting good
    great bad nervous worried"""
)
_ROLE_BLOCK_LAST = _words(
    "believer learner fan person people beginner mess wreck introvert extrovert perfectionist owl"
)
# Words that follow "my job is" when no title does ("my job is boring", "my role is changing").
_NOT_A_TITLE = _words(
    """boring hard stressful fine ok okay great good bad safe changing demanding tough busy easy repetitive
    secure insecure tiring exhausting interesting fun important difficult challenging mostly very really so
    too quite pretty not being going about at in on my our the this that it"""
)
_VAGUE = _words("it this that them things stuff etc everything anything nothing so")

# (kind, trigger matched at a clause start, text put before each item). First match wins, so the
# specific triggers ("I'm a single parent", "I'm an expert in") come before the general ones.
_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("constraints", _rx(r"(?:i\s+)?", _ADV, r"(?:can't|cant|cannot|can\s+not|couldn't)\s+(?=\w)"), "can't "),
    ("constraints", _rx(_IM, r"(?:unable|not\s+able|not\s+in\s+a\s+position)\s+to\s+"), "can't "),
    ("constraints", _rx(r"(?:i\s+)?(?:won't|will\s+not)\s+(?=\w)"), "won't "),
    ("constraints", _rx(_IM, r"(?:not\s+willing|unwilling)\s+to\s+"), "won't "),
    (
        "constraints",
        _rx(r"(?:i\s+)?(?:don't|do\s+not)\s+want\s+to\s+|i(?:'d|\s+would)\s+rather\s+not\s+"),
        "don't want to ",
    ),
    ("constraints", _rx(r"(?:i\s+)?can\s+only\s+"), "can only "),
    (
        "constraints",
        _rx(
            r"(?:i\s*)?(?:only\s+have|have\s+only|'ve\s+only\s+got|only)\s+(?=(?:about\s+|around\s+)?",
            r"(?:\d+|one|two|three|four|five|six|a\s+few|a\s+couple\s+of)\s+(?:hours?|evenings?|days?|nights?)\b)",
        ),
        "only ",
    ),
    ("constraints", _rx(r"(?:i\s+)?(?:don't|do\s+not)\s+have\s+(?=(?:much|enough|many)\b)"), "don't have "),
    (
        "constraints",
        _rx(r"(?:i\s+)?(?:don't|do\s+not)\s+have\s+(?:an?\s+|any\s+)?(?!to\b|a\s+clue|any\s+idea|an\s+idea)"),
        "no ",
    ),
    ("constraints", _rx(r"i(?:'ve|\s+have)\s+(?:got\s+)?no\s+(?!idea|clue)"), "no "),
    (
        "constraints",
        _rx(
            r"(?=no\s+(?:college\s+|university\s+|formal\s+)?(?:degree|diploma|car|driving\s+licen[cs]e|savings)\b)"
        ),
        "",
    ),
    (
        "constraints",
        _rx(
            r"(?:i\s+)?(?:need|have|must|got)\s+to\s+(?=stay|remain|keep\s+my|work\s+(?:from\s+home|remotely",
            r"|part[- ]time)|care\s+for|look\s+after|be\s+home|live\s+in|take\s+care)",
        ),
        "must ",
    ),
    (
        "constraints",
        _rx(
            r"(?:i\s+)?(?:need|must\s+have|require)\s+",
            r"(?=(?:a\s+)?(?:remote|part[- ]time|flexible|hybrid|local)\b)",
        ),
        "need ",
    ),
    ("constraints", _rx(_IM, r"an?\s+(?=(?:single\s+)?(?:parent|mum|mom|dad|mother|father)\b)"), ""),
    ("constraints", _rx(r"(?:my\s+)?(?:constraints?|limits?|limitations?)\s*(?:are|include|:)\s*"), ""),
    (
        "skills",
        _rx(
            _IM,
            r"(?:really\s+|very\s+|pretty\s+|quite\s+|fairly\s+|extremely\s+)?(?:good|great|strong|skilled",
            r"|experienced|proficient|fluent|confident|comfortable|familiar|an\s+expert|expert|solid|excellent",
            r"|competent|certified)\s+(?:at|in|with)\s+",
        ),
        "",
    ),
    (
        "skills",
        _rx(_I, r"(?:know|learned|learnt)\s+(?:a\s+lot|a\s+bit|quite\s+a\s+bit|plenty)\s+about\s+"),
        "",
    ),
    ("skills", _rx(_I, r"know\s+how\s+to\s+"), ""),
    (
        "skills",
        _rx(
            _I,
            r"(?:know|speak|use|excel\s+at)\s+(?!(?:that|what|how|why|when|where|if|whether|it|this|these|those",
            r"|you|about|nothing|him|her|them|someone|somebody|people|the\s+answer|my|i|so|too|a|of|for|to)\b)",
        ),
        "",
    ),
    (
        "skills",
        _rx(
            r"(?:i\s+)?can\s+",
            _ADV,
            r"(?=(?:use|write|speak|code|program|read|build|design|lead|manage|analy[sz]e|drive|operate|weld",
            r"|teach|negotiate|type)\b)",
        ),
        "",
    ),
    (
        "skills",
        _rx(
            r"(?:i(?:'ve|\s+have)\s+(?:got\s+)?)?(?:\d+\+?\s+years?\s+(?:of\s+)?|an?\s+)?",
            r"(?:experience|background|expertise)\s+(?:in|with)\s+",
        ),
        "",
    ),
    (
        "skills",
        _rx(r"(?:my\s+)?(?:main\s+|key\s+|core\s+|top\s+)?(?:skills|strengths|tools)\s*(?:are|include|:)\s*"),
        "",
    ),
    ("goals", _rx(r"i(?:'d|\s+would)\s+", _ADV, r"(?:like|love|prefer)\s+to\s+"), ""),
    ("goals", _rx(_I, r"(?:want|hope|plan|aim|intend|wish)\s+to\s+|i\s+wanna\s+"), ""),
    ("goals", _rx(_IM, r"(?:hoping|planning|trying|aiming|keen|eager|determined)\s+to\s+"), ""),
    (
        "goals",
        _rx(
            r"(?:my\s+)?(?:main\s+|long[- ]term\s+|career\s+|ultimate\s+|big\s+|next\s+)*",
            r"(?:goals?|aims?|ambitions?|dreams?|objectives?)\s*(?:is|are|:)\s*(?:to\s+)?",
        ),
        "",
    ),
    (
        "goals",
        _rx(
            r"i(?:\s+want|'d\s+like|\s+would\s+like)\s+",
            r"(?=(?:an?|more|better|my\s+own)\s+(?!advice|help|tips|ideas|answer|feedback)\w)",
        ),
        "",
    ),
    (
        "goals",
        _rx(
            _IM,
            r"(?:looking|searching|hunting)\s+for\s+(?!(?:advice|help|tips|ideas|guidance|information)\b)",
            r"(?=(?:\w+\s+){0,3}?(?:job|role|position|career|work|internship|apprenticeship)\b)",
        ),
        "find ",
    ),
    (
        "goals",
        _rx(_IM, r"(?:interested\s+in|considering)\s+(?!(?:how|what|why|whether|if|your|this|that|it)\b)"),
        "",
    ),
    (
        "tasks",
        _rx(
            r"my\s+(?:main\s+|daily\s+|day-to-day\s+|usual\s+|typical\s+|core\s+|key\s+|regular\s+|job\s+|work\s+)*",
            r"(?:tasks|duties|responsibilities)\s*(?:are|include|involve|consist\s+of|:)?\s*",
            r"(?:mostly\s+|mainly\s+|things\s+like\s+)?",
        ),
        "",
    ),
    (
        "tasks",
        _rx(
            r"my\s+(?:job|role|work|day|day-to-day|days|workday|week)\s+(?:mostly\s+|mainly\s+)?(?:involves?",
            r"|includes?|consists?\s+of|is\s+(?:mostly\s+|mainly\s+)?to|is\s+(?:mostly|mainly|all\s+about))\s+",
        ),
        "",
    ),
    ("tasks", _rx(r"(?:tasks|duties|responsibilities)\s*:\s*"), ""),
    (
        "tasks",
        _rx(
            _I,
            r"spend\s+(?:most\s+of\s+|much\s+of\s+|a\s+lot\s+of\s+|half\s+(?:of\s+)?|all\s+)?(?:my|the)\s+",
            r"(?:days?|time|weeks?|workday|working\s+(?:day|time)|mornings?|afternoons?|shifts?)\s+",
            r"(?:at\s+work\s+)?(?:on\s+|doing\s+|with\s+)?",
        ),
        "",
    ),
    ("tasks", _rx(_I, r"(?=(?:", _TASK_VERBS, r")s?\s+(?!to\b))"), ""),
    (
        "tasks",
        _rx(
            _I,
            r"(?:do|work\s+on)\s+(?:a\s+lot\s+of\s+|lots\s+of\s+|some\s+)?(?!(?:not|think|believe|know|want|like",
            r"|love|hate|feel|hope|agree|enjoy|too|so|that|it|this|what|have|need|anything|nothing|everything)\b)",
        ),
        "",
    ),
    ("tasks", _rx(_IM, r"(?:responsible\s+for|in\s+charge\s+of)\s+"), ""),
    ("role", _rx(_IM, r"(?:(?:working|employed)\s+as\s+)?(?:an?|the)\s+"), ""),
    (
        "role",
        _rx(
            r"(?:i\s+",
            _ADV,
            r"work|i'm\s+working|i\s+am\s+working|i(?:'ve|\s+have)\s+been\s+working|i'm\s+employed",
            r"|i\s+am\s+employed|working)\s+as\s+(?:an?\s+|the\s+)?",
        ),
        "",
    ),
    ("role", _rx(r"i(?:'ve|\s+have)\s+been\s+an?\s+"), ""),
    ("role", _rx(r"as\s+an?\s+"), ""),
    (
        "role",
        _rx(
            r"my\s+(?:current\s+)?(?:job\s+title|role|job|title|position|occupation|profession)\s+is\s+",
            r"(?:an?\s+|the\s+)?(?!to\b)",
        ),
        "",
    ),
    (
        "role",
        _rx(r"(?:my\s+)?(?:current\s+)?(?:job\s+title|role|job|title|position|occupation)\s*[:=]\s*"),
        "",
    ),
]

_FILLER = _rx(
    r"(?:(?:hi|hello|hey|well|ok|okay|so|and|but|also|plus|yes|yeah|currently|now|today|right\s+now",
    r"|at\s+the\s+moment|at\s+work|basically|honestly|actually|anyway|then|though|because|since|while",
    r"|mostly|mainly|usually|every\s+day|daily)\b[,!.]?\s*)*",
)
_CLAUSE_START = _rx(
    r"[,;:]\s*|\s[-\u2013]\s|\s(?=(?:and|but|so|because|while|though|although|also|plus|then)\s)"
)
_CLAUSE_END = _rx(
    r"\s*(?:[;:()\[\]?!]|\.(?:\s|$)|\s[-\u2013]\s",
    r"|,?\s+(?:but|because|cause|since|though|although|unless|whereas|which|whether|until|except)\b",
    r"|,\s*(?:and\s+)?so\b|\s+so\s+(?:that|i)\b|,\s*(?:when|if|while)\b",
    r"|(?:,|\s+(?:and|or|but|so))\s+(?:i|i'm|im|i've|i'd|i'll|my|we|we're|our|it|it's|this|that|what|how",
    r"|why|where|who|should|could|can|do|does|is|are|will|would|please|any|thanks|thank)\b",
    r"|\s+i(?:'m|'ve|'d|'ll)?\b)",
)
_ROLE_END = _rx(
    r"\s*(?:[,;:()\[\]?!]|\.(?:\s|$)|\s[-\u2013]\s|\s+(?:at|for|in|with|who|which|that|where|since|from",
    r"|working|based|because|but|so|and|or|on|over|until|doing|here|there|now|currently|today|by|of\s+\d)\b)",
)
_SKILL_END = _rx(
    r"\s+(?:every|each|daily|weekly|at\s+work|for|on\s+a|all\s+day|a\s+lot|quite|very|pretty|really|well",
    r"|fluently|since|from|to\s+(?=(?:",
    "|".join(sorted(_VERBS)),
    r")\b))\b",
)
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25aa\u2023\u25e6]|\d{1,2}[.)]|[a-z][.)])\s+(.+)$")
_HEADER_KINDS = _rx(
    r"\b(?P<constraints>constraints?|limits?|limitations?|can't|cannot|restrictions?)\b",
    r"|\b(?P<goals>goals?|want|would like|'d like|hope|aims?|plans?|ambitions?)\b",
    r"|\b(?P<skills>skills?|good at|strengths?|know|tools|proficient)\b",
    r"|\b(?P<tasks>tasks?|duties|responsibilities|day|do)\b",
)
_WITHOUT = _rx(
    r"\b(?:without|with\s+no)\s+(?:an?\s+|any\s+)?((?:college\s+|university\s+|formal\s+)?",
    r"(?:degree|diploma|car|driving\s+licen[cs]e|driver'?s\s+licen[cs]e))\b",
)
_AGE = _rx(r"^\d{1,2}[- ]?(?:year|yr)s?[- ]old\s+")
_LEADING_NOISE = _rx(
    r"^(?:and|or|also|then|the\s+following|things\s+like|stuff\s+like|a\s+lot\s+of|lots\s+of|some|use)\s+"
)
_GOAL_NOT = _rx(
    r"^(?:know|ask|understand|see|check|hear|talk|discuss|chat|say|tell|find\s+out|make\s+sure|be\s+sure)\b"
)
_CANT_NOT = _rx(
    r"^(?:can't|won't|can only) (?:wait|decide|figure|tell|believe|understand|stop|seem|remember|imagine",
    r"|see|help|say|explain|find|get|think)\b",
)


def _verbish(word: str) -> bool:
    w = word.lower()
    if w in _VERBS or (w.endswith("s") and (w[:-1] in _VERBS or w[:-2] in _VERBS)):
        return True
    return w.endswith("ing") and len(w) > 5 and w not in _ING_NOUNS


def _verb_phrase(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and _verbish(words[0])


def _clean(item: str) -> str:
    item = re.sub(r"\s+", " ", item).strip(" \t\"'`*_.,;:!?-")
    for _ in range(3):
        item = _LEADING_NOISE.sub("", item)
    item = re.sub(r"\s+etc$", "", item, flags=re.IGNORECASE).strip(" .,")
    if len(item) > MAX_ITEM_CHARS:
        item = item[:MAX_ITEM_CHARS].rsplit(" ", 1)[0]
    return "" if len(item) < 2 or item.lower() in _VAGUE else item


def _split_and(text: str, kind: str) -> list[str]:
    left, sep, right = text.rpartition(" and ")
    if not sep or not left.strip() or not right.strip():
        return [text]
    if _verb_phrase(left) and _verb_phrase(right):
        return [*_split_and(left, kind), right]
    two_plain_words = " " not in left and " " not in right and left.islower() and right.islower()
    if kind == "skills" and not two_plain_words and not _verb_phrase(left):
        return [left, right]  # "Excel and SQL", but not "health and safety"
    return [text]


def _split_items(text: str, kind: str) -> list[str]:
    """Split "a, b and c" into items; keep "handle payroll, benefits and onboarding" as one task."""
    separators = r"\s*[,;]\s*(?:and\s+|or\s+)?|\s+(?:as\s+well\s+as|along\s+with|plus|&)\s+"
    parts = [p for p in re.split(separators, text) if p.strip()]
    if len(parts) > 1 and _verb_phrase(parts[0]):
        merged = [parts[0]]
        for part in parts[1:]:
            if _verbish(part.split()[0]):
                merged.append(part)
            else:
                merged[-1] += ", " + part  # the objects of one verb
        out = [item for part in merged for item in _split_and(part, kind)]
    elif len(parts) > 1:
        *head, last = parts
        left, sep, right = last.rpartition(" and ")
        out = [*head, left, right] if sep and left else parts
    else:
        out = _split_and(parts[0], kind) if parts else []
    return [c for c in (_clean(o) for o in out) if c]


def _valid_role(title: str, had_article: bool) -> bool:
    words = title.lower().split()
    if not words or len(words) > 6 or not re.search(r"[^\W\d_]", title):
        return False
    if words[0] in _ROLE_BLOCK_FIRST or words[-1] in _ROLE_BLOCK_LAST:
        return False
    if had_article:
        return True
    return words[0] not in _NOT_A_TITLE and len(words) <= 4 and not re.search(r"(?:ing|ed|ly)$", words[0])


def _facts_in(sentence: str) -> list[tuple[str, list[str], str]]:
    """(kind, items, clause) for every clause of one sentence that a rule recognises."""
    found: list[tuple[str, list[str], str]] = []
    consumed = 0
    for start in [0] + [m.end() for m in _CLAUSE_START.finditer(sentence)]:
        if start < consumed:
            continue
        filler = _FILLER.match(sentence, start)
        pos = filler.end() if filler else start
        for kind, rule, prefix in _RULES:
            m = rule.match(sentence, pos)
            if not m:
                continue
            rest = sentence[m.end() :]
            clause = rest[: (e.start() if (e := _CLAUSE_END.search(rest)) else len(rest))]
            if kind == "role":
                cut = _ROLE_END.search(clause)
                title = _clean(_AGE.sub("", clause[: cut.start()] if cut else clause))
                if not _valid_role(title, bool(re.search(r"(?:\ban?|\bthe|\bas)\s+$", m.group(0), re.I))):
                    continue
                items = [title]
            else:
                if kind == "skills" and (cut := _SKILL_END.search(clause)):
                    clause = clause[: cut.start()]
                items = [prefix + i for i in _split_items(clause, kind)]
                if kind == "goals":
                    items = [i for i in items if not _GOAL_NOT.match(i)]
                elif kind == "constraints":
                    items = [i for i in items if not _CANT_NOT.match(i)]
                if not items:
                    continue
            found.append((kind, items, _clean(_AGE.sub("", clause))))
            consumed = m.end() + len(clause)
            break
    return found


# Prose hard-wrapped at a fixed width ("I've been a licensed\nelectrician for twelve years"): a
# long line that stops mid-sentence and goes on in lower case is one line. Short lines ("I'm a
# nurse\nwhat should I learn?") and list items stay apart.
def _unwrap(text: str) -> str:
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        last = out[-1]
        wrapped = len(last) >= 50 and last[-1:].isalpha() or last.endswith(",")
        if wrapped and line[:1].islower() and not _BULLET.match(last) and not _BULLET.match(line):
            out[-1] = f"{last} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def extract_facts(message: str) -> dict[str, list[str]]:
    """Facts stated in one message, by kind: ``role`` (titles, last one is current), ``role_text``
    (each title with its context, e.g. "HR generalist at a bank"), and the four list kinds."""
    text = message.replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", " - ")
    text = _unwrap(text)
    facts: dict[str, list[str]] = {k: [] for k in ("role", "role_text", *LIST_KINDS)}
    header_kind = "tasks"  # what a bulleted list is, judging by the line above it
    for line in text.splitlines():
        bullet = _BULLET.match(line)
        sentences = [bullet.group(1)] if bullet else re.split(r"(?<=[.!?])\s+", line.strip())
        for sentence in filter(None, sentences):
            found = _facts_in(sentence)
            for kind, items, clause in found:
                facts[kind] += items
                if kind == "role":
                    facts["role_text"].append(clause)
            plain_item = not re.match(r"(?:i|i'm|my|we)\b", sentence, re.I) and "?" not in sentence
            if bullet and not found and plain_item:
                facts[header_kind] += [c for c in [_clean(sentence)] if c]
        if not bullet and line.strip():
            m = _HEADER_KINDS.search(sentences[-1])
            header_kind = next((k for k, v in m.groupdict().items() if v), "tasks") if m else "tasks"
    facts["constraints"] += ["no " + re.sub(r"\s+", " ", m.group(1)) for m in _WITHOUT.finditer(text)]
    return facts
