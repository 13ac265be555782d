"""Which role a plan is built from: a written role card that fits the person's role, else the
open-data role view of the occupation they match (or chose), else the nearest card with a
plain statement of how near it is. The choice, its runners-up and that statement go into the
answer so the person can see the match and correct it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.corpus.catalog import Catalog, Entry, RoleFit
from coach.domain.profile import Profile
from coach.domain.roleview import CHOSEN, ChosenBy, OccupationChoice, RoleView

if TYPE_CHECKING:
    from coach.exposure.occupations import RoleViews

CANDIDATES = 3  # the occupation used and the next two


@dataclass
class RoleDecision:
    card: Entry | None  # the card the plan is built from; None when it comes from the data
    view: RoleView | None = None  # the open-data view the plan is built from
    choice: OccupationChoice | None = None


def _nearest_card(fit: RoleFit | None) -> str:
    if fit is None:
        return ""
    words = f"; words in common: {', '.join(fit.words)}" if fit.words else "; no words in common"
    return f"{fit.title} (similarity {fit.similarity:.2f}{words})"


def decide_role(
    catalog: Catalog,
    views: RoleViews | None,
    profile: Profile,
    role: Entry | None,
    none_close: bool = False,
) -> RoleDecision:
    """The role source for this turn. ``role`` is the card the pipeline matched (maybe a weak,
    nearest-by-meaning one); ``views`` is None or empty without imported data. ``none_close``:
    the data is imported but no occupation in it came close enough (the caller checked), so a
    loosely fitting card's note says that rather than suggest importing it."""
    text = (profile.role or "").strip()
    data = views is not None and views.data is not None
    fit = catalog.role_fit(text, role.id if role else None) if text else None
    if role is None and fit is not None and fit.fits:  # a card close enough that matching missed
        role = catalog.get(fit.role_id)
    card_fits = role is not None and (not text or (fit is not None and fit.fits))
    card_code = str(role.meta.get("soc") or "") if role is not None and card_fits else ""
    notes: list[str] = []
    chosen = profile.occupation_code
    if chosen and not (data and views is not None and views.has(chosen)):
        notes.append(
            f"The occupation you chose ({chosen}) is not in the imported open data"
            + ("; I used the automatic match." if data else " (none is imported).")
        )
        chosen = None

    if not data or views is None:
        if text and role is not None and not card_fits:
            instead = (
                "No occupation in the imported open data comes close enough."
                if none_close
                else "Import the open data (`coach data import PATH`) for a plan built from your own "
                "occupation's tasks."
            )
            notes.append(
                f"I have no written card for “{text}”. I used the nearest card, "
                f"{_nearest_card(fit)}, which fits only loosely. {instead}"
            )
        elif text and role is None:
            too_far = f"; the nearest, {_nearest_card(fit)}, is too far to use" if fit else ""
            notes.append(
                f"I have no written card for “{text}”{too_far}, and no occupation data is imported "
                "(`coach data import PATH`), so no plan is written for this job."
            )
        choice = OccupationChoice(role_text=text, has_card=card_fits, note=" ".join(notes))
        if role is not None:
            choice.card_id = role.id
            choice.card_similarity = fit.similarity if fit else None
        return RoleDecision(card=role, choice=choice if (text or role) else None)

    query = text or (role.title if role is not None else "")
    if not query and not chosen:
        return RoleDecision(card=role)
    first, via = (chosen, CHOSEN) if chosen else (card_code or None, "role card")
    matches = views.match(query, CANDIDATES, first=first, first_via=via)
    if not matches:
        return RoleDecision(card=role)
    top = matches[0]
    chosen_by: ChosenBy = "you" if chosen else ("role card" if card_code else "similarity")
    use_card = card_fits and (not chosen or chosen == card_code)
    view = None if use_card else views.view(top.code)
    if view is not None:
        if not card_fits and text:
            notes.append(f"I have no written card for “{text}”.")
            if role is not None and fit is not None:
                notes.append(
                    f"The nearest card, {_nearest_card(fit)}, fits only loosely, so I did not use it."
                )
        how = "the occupation you chose" if chosen else "the closest occupation in the O*NET data"
        notes.append(
            f"This plan is built from {how}: {top.title} ({top.code}, match {top.score:.2f}), "
            "its task statements and exposure figures."
        )
    choice = OccupationChoice(
        chosen=top,
        candidates=matches[1:],
        chosen_by=chosen_by,
        role_text=text,
        has_card=card_fits,
        card_id=role.id if use_card and role is not None else None,
        card_similarity=fit.similarity if fit else None,
        note=" ".join(notes),
    )
    return RoleDecision(card=role if use_card else None, view=view, choice=choice)
