"""One turn of the conversation, for the browser app and the CLI alike: load what we know of the
person, stream the answer, then store the whole turn (profile, question, slim reply) at once."""

from __future__ import annotations

from collections.abc import Iterator

from coach.domain.answer import Answer, TurnRecord
from coach.domain.plan import plan_items
from coach.domain.principal import CORPUS, Principal
from coach.domain.profile import Profile
from coach.pipeline.coach import Coach
from coach.storage.repositories import ConversationRepository, ProfileRepository

HISTORY_LIMIT = 20  # stored messages loaded for context; the pipeline uses the most recent turns


class TurnStream:
    """Iterate for text deltas as they arrive. When the iteration ends the turn is stored and
    ``answer`` holds the finished Answer; ``finish()`` runs it to the end without showing it."""

    def __init__(
        self,
        service: ConversationService,
        principal: Principal | None,
        question: str | bytes | None,
        occupation_code: str | None = None,
    ):
        self.answer: Answer | None = None
        self._events = service._run(principal, question, self, occupation_code)

    def __iter__(self) -> Iterator[str]:
        return self._events

    def finish(self) -> Answer:
        for _ in self._events:
            pass
        assert self.answer is not None
        return self.answer


class ConversationService:
    def __init__(self, coach: Coach, conversations: ConversationRepository, profiles: ProfileRepository):
        self.coach = coach
        self.conversations = conversations
        self.profiles = profiles

    def history(self, principal: Principal | None, limit: int | None = HISTORY_LIMIT) -> list[dict]:
        """The person's stored messages, oldest first (nothing without a principal)."""
        if principal is None:
            return []
        return self.conversations.history(principal, principal.own(), limit=limit)

    def stream(
        self, principal: Principal | None, question: str | bytes | None, occupation_code: str | None = None
    ) -> TurnStream:
        """Answer ``question`` for ``principal``; with no principal nothing is read or stored.
        ``occupation_code`` is the person's pick of O*NET occupation, kept in their profile."""
        return TurnStream(self, principal, question, occupation_code)

    def ask(self, principal: Principal | None, question: str | bytes | None) -> Answer:
        return self.stream(principal, question).finish()

    def _run(
        self, principal: Principal | None, question, out: TurnStream, occupation_code: str | None = None
    ) -> Iterator[str]:
        history = self.history(principal)
        profile = self.profiles.get(principal, principal.own()) if principal else None
        scopes = principal.readable_scopes() if principal else [CORPUS]
        asked = profile
        if occupation_code:  # stored with the turn, since the answer's profile then differs
            base = profile or Profile(user_id="anonymous")
            asked = base.model_copy(update={"occupation_code": occupation_code})
        stream = self.coach.stream(question, [_turn(m) for m in history], asked, scopes)
        yield from stream
        answer = stream.answer
        assert answer is not None
        out.answer = answer
        if principal is None or answer.mode == "empty":
            return  # nothing to remember: no person, or nothing was asked
        changed = answer.profile if answer.profile is not None and answer.profile != profile else None
        plan = plan_items(answer.next_problems, answer.plan)
        self.conversations.record_turn(
            principal, principal.own(), answer.question, answer.text, TurnRecord.of(answer), changed, plan
        )


def _turn(message: dict) -> dict:
    return {"role": message["role"], "content": message["content"]}
