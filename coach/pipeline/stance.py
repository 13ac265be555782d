"""The coach's stance, decided by rules before any model runs: decline to design worker
surveillance, meet distress with empathy first, set aside prompt injections, redirect
off-topic requests, and ask clarifying questions when a personal question is too vague.
Rules, not the model, decide these, so a small local model cannot be talked out of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.domain.answer import Mode
from coach.pipeline import injection


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_MONITORING = _rx(
    r"keystroke|key ?logg|webcam|camera|screen ?(shot|recording|capture)|mouse (movement|activity|jiggl)|"
    r"idle time|bathroom|toilet|restroom|\bgps\b|location|geo-?fenc|whereabouts|productivity scor|"
    r"activity scor|sentiment|"
    r"read(ing)? (their|employees'?|workers'?|staff) (e-?mails?|messages|slack|chats?)|"
    r"\bspy\b|spying|covert|secretly (monitor|track|record|watch)|surveil|bossware|tattleware|"
    r"monitor(ing)? (everything|every|all)|track(ing)? (every|all|how long)|time (on|off) task"
)
_OTHERS = _rx(
    r"\b(my|our|the) (\w+ )?(employees|workers|staff|team|agents|drivers|techs|technicians|nurses|reps|"
    r"people|direct reports|contractors|pickers|warehouse|call center|remote workers|interns|cashiers)\b|"
    r"\bemployees?'?s?\b|\bworkers'?\b|\bstaff\b|\bthem\b|\btheir\b|\banyone\b|\beveryone\b|"
    r"\b(each|every) (\w+ )?(employee|worker|agent|driver|person|one|picker|tech|nurse|rep|member|cashier)\b"
)
_DESIGN = _rx(
    r"\b(how (can|do|should|could) (i|we)|help me|help us|design|build|set up|setup|implement|install|"
    r"roll out|deploy|we want to|i want to|we need to|i need to|best way|best tool|tool to|software to|"
    r"make sure|catch|flag|detect|score|rank|measure|log|record|track|monitor|watch)\b"
)
_DISTRESS = _rx(
    r"laid off|lay-?offs?|been fired|got fired|i was fired|lost my job|let go|made redundant|redundancy|"
    r"hopeless|worthless|useless|no point|no future|can'?t cope|cannot cope|depress|anxious|anxiety|"
    r"panic|scared|terrified|afraid|overwhelmed|give up|giving up|burn(ed|t)? ?out|desperate|"
    r"can'?t sleep|falling apart|replaced by (ai|a machine|a bot)|nobody will hire|what'?s the point|"
    r"why bother|better than me|no longer needed|obsolete"
)
_CRISIS = _rx(r"suicid|kill myself|end my life|self[- ]?harm|hurt myself|don'?t want to (live|be alive)")
_CAREER = _rx(
    r"\b(jobs?|work(ing|er|ers|place)?|careers?|roles?|skills?|tasks?|boss|managers?|team|colleagues?|"
    r"promotion|salary|pay|wages?|interviews?|resume|cv|hir(e|ing)|employ\w*|profession\w*|industry|"
    r"sector|learn\w*|courses?|certif\w*|ai|automat\w*|tools?|office|shifts?|clients?|customers?|"
    r"company|business|retir\w*|laid|fired|reskill\w*|upskill\w*|occupation|future|chatgpt|copilot|"
    r"problems? to solve|next step|"
    r"trabajo|empleo|carrera|aprender|travail|emploi|métier|apprendre|arbeit|beruf|stelle|lernen|"
    r"trabalho|emprego|lavoro|mestiere|imparare)\b"
)
_PERSONAL = _rx(r"\b(i|i'm|im|my|me|mine|myself)\b")
_CONCEPTUAL = _rx(r"^\s*(what|why|how|explain|define|describe|is|are|does|do|can|should)\b")


@dataclass
class Stance:
    mode: Mode
    reasons: list[str] = field(default_factory=list)
    crisis: bool = False
    injection: bool = False
    question: str = ""  # the question with injected instructions removed


def strip_injection(text: str) -> tuple[str, bool]:
    """Drop the sentences that try to re-instruct the coach; keep the rest of the message in the
    person's own words, line breaks included (a pasted list must survive). Matching reads a
    normalised view (see ``injection``), so fullwidth, invisible or spread letters, look-alike
    alphabets and the six supported languages are caught too."""
    return injection.remove(text, injection.MESSAGE_RULES)


def neutralise_passage(text: str) -> tuple[str, bool]:
    """A retrieved passage with the sentences that try to instruct the coach (or its reader)
    removed; True when something was removed. Retrieved passages are data, never instructions."""
    return injection.remove(text, injection.PASSAGE_RULES)


def mentions_monitoring(text: str) -> bool:
    return bool(_MONITORING.search(text))


def is_surveillance_request(text: str) -> bool:
    """A request to design or run monitoring of other workers (not a worker asking about it)."""
    return bool(_MONITORING.search(text) and _OTHERS.search(text) and _DESIGN.search(text))


def decide(text: str, has_role: bool, has_tasks: bool) -> Stance:
    """Which kind of reply this message needs. ``has_role``/``has_tasks`` come from the profile
    (what this message and earlier ones told us)."""
    question, injected = strip_injection(text)
    reasons = ["set aside instructions that tried to change the coach's role"] if injected else []
    if _CRISIS.search(question):
        return Stance("support", reasons + ["crisis"], crisis=True, injection=injected, question=question)
    if is_surveillance_request(question):
        return Stance("decline", reasons + ["worker surveillance"], injection=injected, question=question)
    if _DISTRESS.search(question):
        return Stance("support", reasons + ["distress"], injection=injected, question=question)
    if not question or (not _CAREER.search(question) and not has_role and not has_tasks):
        if question and len(question.split()) <= 4:  # "help me", "hi": too little to judge
            return Stance("clarify", reasons + ["too vague to coach"], injection=injected, question=question)
        return Stance("redirect", reasons + ["off topic"], injection=injected, question=question)
    if not has_role and not has_tasks and _PERSONAL.search(question):
        return Stance("clarify", reasons + ["too vague to coach"], injection=injected, question=question)
    if not has_role and not has_tasks and not _CONCEPTUAL.search(question):
        return Stance("clarify", reasons + ["too vague to coach"], injection=injected, question=question)
    return Stance("coach", reasons, injection=injected, question=question)
