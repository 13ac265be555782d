"""What the coach knows about a person: the ``Profile``, how one message updates it, a summary
for the UI, and the language the person writes in. Facts come from ``coach.facts`` (rules, no
model), so the profile never depends on which chat model is configured."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from coach.facts import LIST_KINDS, extract_facts

MAX_ITEMS = 20  # per list; when full, the oldest facts drop off first

RoleMatcher = Callable[[str], tuple[str, str] | None]


class Profile(BaseModel):
    """One person's career facts, in their words (``role``) and as corpus ids (``role_id``)."""

    user_id: str
    role: str | None = None  # as the person said it
    role_id: str | None = None  # the matched corpus id, e.g. "role/payroll-clerk"
    sector: str | None = None  # a sector id, e.g. "sector/finance"
    tasks: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    language: str | None = None  # ISO 639-1
    updated_at: datetime | None = None

    def is_empty(self) -> bool:
        return not (self.role or self.role_id or self.sector or any(getattr(self, k) for k in LIST_KINDS))


def _merge(old: list[str], new: list[str]) -> list[str]:
    """Old then new, without case-insensitive repeats, the newest ``MAX_ITEMS`` kept."""
    seen: set[str] = set()
    out = []
    for item in [*old, *new]:
        key = " ".join(item.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out[-MAX_ITEMS:]


def update_from_message(profile: Profile, message: str, match_role: RoleMatcher | None = None) -> Profile:
    """A new profile with the facts stated in ``message`` added; ``profile`` is left untouched.

    ``match_role(text)`` maps the role as written, with its context ("HR generalist at a bank"),
    to ``(role_id, sector_id)``, or returns None when the corpus has no such role.
    """
    facts = extract_facts(message or "")
    update: dict = {kind: _merge(getattr(profile, kind), facts[kind]) for kind in LIST_KINDS}
    if facts["role"]:
        role, role_text = facts["role"][-1], facts["role_text"][-1]
        if role.lower() != (profile.role or "").lower() or (match_role and not profile.role_id):
            update["role"] = role
            matched = match_role(role_text) if match_role else None
            # A new role makes the old match wrong, so an unmatched one clears it.
            update["role_id"], update["sector"] = matched if matched else (None, None)
    code, hits = _detect(message or "")
    if hits >= 2:
        update["language"] = code
    if any(getattr(profile, key) != value for key, value in update.items()):
        update["updated_at"] = datetime.now(UTC)
    return profile.model_copy(update=update, deep=True)


def _md(text: str) -> str:
    """Escape what markdown would render, since these strings are the person's own words."""
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", text)


def profile_summary(profile: Profile, max_items: int = 5) -> str:
    """A short markdown summary of what the coach remembers, for the UI."""
    if profile.is_empty():
        return "_Nothing saved about you yet. Tell me your role, your main tasks and what you want next._"
    lines = []
    if profile.role or profile.role_id:
        role = _md(profile.role or "")
        if profile.role_id:
            role = f"{role} (matched `{profile.role_id}`)".strip()
        lines.append(f"- **Role:** {role}")
    if profile.sector:
        lines.append(f"- **Sector:** {_md(profile.sector.split('/')[-1].replace('-', ' '))}")
    for kind in LIST_KINDS:
        items = getattr(profile, kind)
        if items:
            shown = "; ".join(_md(i) for i in items[:max_items])
            more = f" (+{len(items) - max_items} more)" if len(items) > max_items else ""
            lines.append(f"- **{kind.capitalize()}:** {shown}{more}")
    return "\n".join(lines)


_STOPWORDS = {
    "en": """a the and is are i my to of in it that with for what how do you have was be this not but on at
        can me want work job am should would will an""",
    "es": """el la los las y que de en es un una por para con mi mis yo soy estoy quiero pero como qué cómo
        trabajo del al muy más también tengo puedo hacer lo se no""",
    "fr": """le la les et est un une des du je suis mon ma mes que qui pour dans avec pas ne sur au aux ce
        cette il elle nous vous travail veux comment mais être j ai c qu""",
    "de": """der die das und ist ich bin nicht ein eine mit für auf zu den dem des von mein meine arbeit als
        auch wie was habe möchte kann sie es im zum zur aber oder wir""",
    "pt": """o a os as e é um uma de do da dos das em no na nos para com não eu sou estou meu minha que mas
        como trabalho quero também mais isso você ao pelo pela tenho posso fazer""",
    "it": """il lo la gli le e è un una di del della che per con non io sono mio mia ma come lavoro voglio
        anche più nel nella sul alla al questo questa cosa ho posso fare essere""",
}
_STOPSETS = {code: frozenset(words.split()) for code, words in _STOPWORDS.items()}
_MARKS = {"es": "ñ¿¡", "pt": "ãõ", "de": "äöüß", "fr": "çêèœ", "it": "ìòù"}


def _detect(text: str) -> tuple[str, int]:
    """The best language and its evidence (stopwords and telltale letters seen)."""
    lowered = text.lower()
    words = re.findall(r"[^\W\d_]+", lowered)
    scores = {code: sum(w in stops for w in words) for code, stops in _STOPSETS.items()}
    for code, marks in _MARKS.items():
        scores[code] += sum(lowered.count(c) for c in marks)
    best = max(scores, key=lambda code: (scores[code], code == "en"))
    return (best, scores[best]) if scores[best] else ("en", 0)


def detect_language(text: str) -> str:
    """ISO 639-1 code (en, es, fr, de, pt, it) of ``text`` by stopword counts; "en" when unsure."""
    return _detect(text)[0]
