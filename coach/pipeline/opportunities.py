"""Opportunity, not only threat: where work is growing for a person's role. The sector cards'
"Roles growing" lists (for the sectors the role card names) and the new kinds of task AI
creates (``principle/new-task-creation``), each with the card id and heading it came from."""

from __future__ import annotations

from collections.abc import Sequence

from coach.corpus.catalog import Catalog
from coach.domain.plan import Opportunity, SourceRef
from coach.pipeline.citations import content_words

GROWING = "Roles growing"
NEW_TASKS_ID, NEW_TASKS = "principle/new-task-creation", "Where the new work is showing up"


def _bullets(text: str) -> list[str]:
    """The plain top-level "- item" lines of a section (the principle's list has no bold titles)."""
    return [line[2:].strip() for line in text.splitlines() if line.startswith(("- ", "* "))]


def opportunities_for(
    catalog: Catalog, sectors: Sequence[str], context: str = "", per_sector: int = 3, new_tasks: int = 3
) -> list[Opportunity]:
    """Up to ``per_sector`` growing roles of each sector in ``sectors`` (main sector first), then
    ``new_tasks`` kinds of new task; within each list, the closest in words to ``context`` (the
    role, the person's tasks and goals) come first, card order breaking ties."""
    words = content_words(context)

    def closest(texts: list[str]) -> list[int]:
        return sorted(range(len(texts)), key=lambda i: (-len(content_words(texts[i]) & words), i))

    out: list[Opportunity] = []
    seen: set[str] = set()
    for sector_id in sectors:
        sector = catalog.get(sector_id)
        if sector is None or sector.kind != "sector":
            continue
        items = sector.items(GROWING)
        for item in [items[i] for i in closest([f"{it.title} {it.text}" for it in items])[:per_sector]]:
            if item.title.lower() in seen:
                continue
            seen.add(item.title.lower())
            out.append(
                Opportunity(
                    title=item.title.rstrip(":"),
                    text=item.text.lstrip(",;:—- "),  # "**Title**, text" and "**Title:** text"
                    source=SourceRef(id=sector.id, title=sector.title, heading=GROWING),
                )
            )
    principle = catalog.get(NEW_TASKS_ID)
    if principle is not None and new_tasks > 0:
        lines = _bullets(principle.section(NEW_TASKS))
        ranked = [lines[i] for i in closest(lines)]
        out += [
            Opportunity(
                title=line[:1].upper() + line[1:],
                kind="new task",
                source=SourceRef(id=principle.id, title=principle.title, heading=NEW_TASKS),
            )
            for line in ranked[:new_tasks]
        ]
    return out
