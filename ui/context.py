"""This run's services and principal, handed from the entry script to the page script that
st.navigation runs next in the same thread. Set only by ``ui.main`` after the principal is
resolved; never read from the page, its URL or the session state."""

from __future__ import annotations

from contextvars import ContextVar

from coach.bootstrap import Services
from coach.domain.principal import Principal

_CURRENT: ContextVar[tuple[Services, Principal] | None] = ContextVar("coach_ui_current", default=None)


def set_current(services: Services, principal: Principal) -> None:
    _CURRENT.set((services, principal))


def current() -> tuple[Services, Principal]:
    value = _CURRENT.get()
    if value is None:  # a page script run without the entry: fail closed
        raise RuntimeError("no signed-in person for this page")
    return value
