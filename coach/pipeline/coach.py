"""The answer pipeline: question + history → hybrid retrieval → prompt file → streamed answer
with checked citations. Failures of the chat model degrade to the retrieved guidance."""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from coach.config import Settings
from coach.corpus.catalog import Catalog, Entry
from coach.domain.answer import Answer, Source
from coach.domain.principal import CORPUS, Scope
from coach.domain.profile import Profile
from coach.domain.roleview import OccupationChoice
from coach.domain.taskmap import TaskMap
from coach.exposure.tasks import extract_tasks
from coach.pipeline.citations import attribute_uncited, clean_citations, drop_sentences
from coach.pipeline.compose import SECTIONS, Passage, Step, cite_sentences, compose, question_kind
from coach.pipeline.consistency import explain_automate
from coach.pipeline.grounding import check_grounding, check_support, drop_unsafe
from coach.pipeline.inputs import clean_question
from coach.pipeline.intent import shared_classifier
from coach.pipeline.language import LANGUAGE_NAMES, detect_language
from coach.pipeline.links import safe_markdown
from coach.pipeline.occupation import decide_role
from coach.pipeline.plan import STARTER_PLAN, build_data_plan, build_exercise, build_plan
from coach.pipeline.preferences import profile_zones
from coach.pipeline.profile_update import update_from_message
from coach.pipeline.prompts import load_prompt, load_replies
from coach.pipeline.redact import redact_messages
from coach.pipeline.role_phrase import role_phrase, stated_role
from coach.pipeline.stance import decide, mentions_monitoring, neutralise_passage
from coach.retrieval.hybrid import Hit, HybridRetriever

log = logging.getLogger(__name__)
SNIPPET_CHARS = 240
SOURCE_CHARS = 700  # per source in the prompt: small models lose the thread on long contexts
HISTORY_CHARS = 800
EMPTY_REPLY = (
    "Ask me something about your work: for example, \"I'm a payroll clerk. What's my next problem to solve?\""
)


def _to_source(n: int, hit: Hit) -> Source:
    text = safe_markdown(hit.text)  # a document's images and links are never rendered
    snippet = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return Source(
        n=n,
        id=hit.doc_id,
        title=hit.title,
        kind=hit.kind,
        heading=hit.heading,
        snippet=snippet,
        path=hit.path,
    )


def _entry_source(n: int, entry: Entry, heading: str) -> Source:
    """A whole corpus entry as a cited source (the card a plan item came from)."""
    body = entry.section(heading) or entry.section("Summary")
    return _to_source(
        n,
        Hit(
            chunk_id=entry.id,
            doc_id=entry.id,
            kind=entry.kind,
            title=entry.title,
            heading=heading or "Summary",
            path=entry.doc.path,
            text=body,
            score=0.0,
        ),
    )


def guidance_text(sources: Sequence[Source]) -> str:
    """The retrieved guidance itself, shown when the model cannot answer."""
    if not sources:
        return "I found no guidance in the knowledge base for that question."
    lines = ["Here is the guidance I found for your question (retrieved, not written by a model):"]
    lines += [f"- **{s.title}** — {s.heading}: {s.snippet} [{s.n}]" for s in sources]
    return "\n".join(lines)


class AnswerStream:
    """Iterate for text deltas as they arrive; afterwards ``answer`` holds the finished Answer."""

    def __init__(
        self,
        coach: Coach,
        question,
        history: Sequence[dict],
        profile: Profile | None,
        scopes: Sequence[Scope],
    ):
        self.answer: Answer | None = None
        self._events = coach._run(question, history, profile, tuple(scopes), self)

    def __iter__(self) -> Iterator[str]:
        return self._events


class Coach:
    """Answers questions from the indexed guidance. Build with ``coach.service.build_coach``."""

    def __init__(
        self,
        settings: Settings,
        chat_model: BaseChatModel,
        retriever: HybridRetriever,
        embedder: Embeddings | None = None,
        catalog: Catalog | None = None,
        task_mapper=None,  # coach.exposure.TaskMapper; None = no task maps
    ):
        self.settings = settings
        self.chat_model = chat_model
        self.retriever = retriever
        self.embedder = embedder
        self.catalog = catalog or Catalog(settings.knowledge_dir, embedder)
        self.task_mapper = task_mapper
        self.role_views = role_views_for(task_mapper)
        self._sentence_vectors: dict[str, list[float]] = {}
        self.replies = load_replies(settings.prompts_dir)

    def stream(
        self,
        question: str | bytes | None,
        history: Sequence[dict] = (),
        profile: Profile | None = None,
        scopes: Sequence[Scope] = (CORPUS,),
    ) -> AnswerStream:
        """Answer ``question`` from the guidance in ``scopes`` (the shared corpus unless the caller
        names the principal's readable scopes). ``profile`` is what we know of the person (kept by
        the caller); without one, it is gathered from the user turns of ``history``."""
        return AnswerStream(self, question, history, profile, scopes)

    def ask(
        self,
        question: str | bytes | None,
        history: Sequence[dict] = (),
        profile: Profile | None = None,
        scopes: Sequence[Scope] = (CORPUS,),
    ) -> Answer:
        stream = self.stream(question, history, profile, scopes)
        for _ in stream:
            pass
        assert stream.answer is not None
        return stream.answer

    def _classifier(self):
        """The intent classifier's ``classify``, or None when the rules alone route messages."""
        if self.settings.intent_router != "model":
            return None
        classifier = shared_classifier()
        return classifier.classify if classifier is not None else None

    def update_profile(self, profile: Profile, message: str) -> Profile:
        return update_from_message(profile, message, self.catalog.match_role)

    # -- prompt and retrieval -------------------------------------------------------------

    def _messages(
        self, question: str, sources: list[Source], hits: list[Hit], history, language: str
    ) -> list[BaseMessage]:
        prompt = load_prompt(self.settings.prompts_dir, "answer")
        system, user = prompt.render(
            question=question,
            language=LANGUAGE_NAMES.get(language, "English"),
            sources=[
                {"n": s.n, "title": s.title, "heading": s.heading, "text": h.text[:SOURCE_CHARS]}
                for s, h in zip(sources, hits)
            ],
        )
        messages: list[BaseMessage] = [SystemMessage(system)]
        turns = (
            list(history)[-2 * self.settings.max_history_turns :] if self.settings.max_history_turns else []
        )
        for turn in turns:
            content = str(turn.get("content", ""))[:HISTORY_CHARS]
            messages.append(HumanMessage(content) if turn.get("role") == "user" else AIMessage(content))
        messages.append(HumanMessage(user))
        return messages

    def _search_query(self, question: str, history: Sequence[dict], role: Entry | None) -> str:
        # A short follow-up ("and for nurses?") needs the previous question to retrieve well,
        # and the person's role steers retrieval toward their card.
        query = question
        if len(question.split()) < 6:
            previous = [t["content"] for t in history if t.get("role") == "user"]
            if previous:
                query = f"{previous[-1][:300]} {question}"
        return f"{role.title}: {query}" if role else query

    def _retrieve(self, query: str, kinds=None, k: int | None = None) -> tuple[list[Hit], list[Source]]:
        # Rule-decided replies cite the coach's own guidance only, never a team's or a person's files.
        hits = self.retriever.search(query, [CORPUS], k=k, kinds=kinds)
        hits, _ = as_data(hits)
        return hits, [_to_source(i + 1, h) for i, h in enumerate(hits)]

    # -- the pipeline -----------------------------------------------------------------------

    def _profile_for(self, question: str, history: Sequence[dict], profile: Profile | None) -> Profile:
        if profile is None:
            profile = Profile(user_id="anonymous")
            for turn in history:
                if turn.get("role") == "user":
                    profile = self.update_profile(profile, str(turn.get("content", "")))
        return self.update_profile(profile, question)

    def _run(
        self,
        raw,
        history: Sequence[dict],
        profile: Profile | None,
        scopes: tuple[Scope, ...],
        out: AnswerStream,
    ) -> Iterator[str]:
        started = time.perf_counter()
        question, notices = clean_question(raw, self.settings.max_question_chars)
        answer = Answer(question=question, text="", notices=notices, model=self.settings.describe_chat())
        out.answer = answer
        if not question:
            answer.mode, answer.text = "empty", EMPTY_REPLY
            yield answer.text
            return

        profile = self._profile_for(question, history, profile)
        answer.profile = profile
        answer.language = language = detect_language(question)
        # The role this answer is about: the person's own, else one the question names.
        role = self.catalog.get(profile.role_id)
        if role is None:
            said = [question, *(t.get("content", "") for t in reversed(history) if t.get("role") == "user")]
            matched = next((m for m in map(self.catalog.match_role, said[:4]) if m), None)
            role = self.catalog.get(matched[0]) if matched else None
        role = self._decide_role(answer, profile, role)
        classify = self._classifier()
        if classify is not None:  # a second decision on the same message reads it only once
            classify = functools.lru_cache(maxsize=2)(classify)
        stance = decide(
            question,
            has_role=bool(role or profile.role),
            has_tasks=bool(profile.tasks),
            classify=classify,
        )
        listed = extract_tasks(question)  # the tasks this message lists, read once for the turn
        if role is None and answer.role_view is None and not profile.role and stance.kind in ROLE_INTENTS:
            # The classifier says a role is named, and nothing found it: try the phrase the
            # message opens with ("icu nurse here. …"), and answer a vague-looking message
            # about that role instead of asking for it.
            sure = stance.kind == "coaching" and stance.confidence >= NAMED_JOB_P
            role = self._role_from_phrase(answer, profile, question, sure)
            named = role is not None or answer.role_view is not None or answer.occupation is not None
            if named and stance.mode == "clarify":
                stance = decide(question, has_role=True, has_tasks=bool(profile.tasks), classify=classify)
        if (
            role is None
            and answer.role_view is None
            and stance.mode == "coach"
            and stance.kind not in NOT_OWN_WORK
        ):
            # Tasks and no job: the card whose typical tasks they are nearest to, said so, so that
            # the answer still has a plan (the guess is not saved to the profile).
            guessed = self.catalog.role_for_tasks(listed if len(listed) >= 2 else profile.tasks)
            role = self.catalog.get(guessed[0]) if guessed else None
            if guessed and role is not None:
                answer.occupation = OccupationChoice(
                    card_id=role.id,
                    card_similarity=guessed[1],
                    note=self.replies.render("tasks_role_note", answer.language, role_title=role.title),
                )
        answer.mode, answer.intent = stance.mode, stance.kind
        answer.crisis, answer.injection = stance.crisis, stance.injection
        if stance.injection:
            answer.notices.append(self.replies.render("injection", language))

        # A weak sign of crisis (see stance.CRISIS_LABEL_P): the question is answered as asked,
        # with the crisis line said first.
        check = self.replies.render("crisis", language) if stance.crisis and stance.mode != "support" else ""
        if check:
            yield check + "\n\n"
        if self._starter(answer, role, stance.kind) and answer.occupation is not None:
            # A job with no card and no data close enough: the general plan, said to be general.
            mapped = self.task_mapper is not None and len(listed) >= 2
            name = "starter_plan_tasks_note" if mapped else "starter_plan_note"
            general = self.replies.render(name, language)
            answer.occupation = answer.occupation.model_copy(
                update={"note": f"{answer.occupation.note} {general}".strip()}
            )
        note = answer.occupation.note if answer.occupation else ""
        if note and stance.mode in ("coach", "support"):  # said first, in plain words
            yield note + "\n\n"
        if stance.mode != "coach":
            yield from self._fixed_reply(answer, stance, profile, language, role)
        else:
            yield from self._coach(answer, stance.question, history, profile, language, role, started, scopes)
        if note and stance.mode in ("coach", "support"):
            answer.text = f"{note}\n\n{answer.text}"
        if check:
            answer.text = f"{check}\n\n{answer.text}"
        answer.timings["total_s"] = time.perf_counter() - started

    def _fixed_reply(self, answer: Answer, stance, profile: Profile, language: str, role: Entry | None):
        """Replies decided by the stance rules; the model is not asked."""
        reply = self.replies.render
        role_title = role.title.lower() if role else (profile.role or "")
        if stance.mode == "clarify":
            wanted = [
                ("ask_role", not (profile.role_id or profile.role)),
                ("ask_tasks", not profile.tasks),
                ("ask_goal", not profile.goals),
            ]
            answer.clarifying_questions = [reply(name, language) for name, missing in wanted if missing][:3]
            answer.text = reply("clarify", language, questions=answer.clarifying_questions)
        elif stance.mode == "redirect":
            answer.text = reply("redirect", language)
        elif stance.mode == "decline":
            hits, sources = self._retrieve(SURVEILLANCE_QUERY, kinds=["principle", "sector"], k=2)
            answer.text = reply("decline", language) + " " + " ".join(f"[{s.n}]" for s in sources)
            answer.sources = answer.retrieved = sources
        elif stance.mode == "support":
            hits, sources = self._retrieve(SUPPORT_QUERY, kinds=["principle"], k=2)
            text = (
                reply("support", language, role_title=role_title)
                + " "
                + " ".join(f"[{s.n}]" for s in sources)
            )
            if stance.crisis and "possible crisis" in stance.reasons:
                text = text + "\n\n" + reply("crisis", language)  # empathy first, then help
            elif stance.crisis:
                text = reply("crisis", language) + "\n\n" + text
            answer.text = text
            answer.sources = answer.retrieved = sources
            if profile.role_id and role is not None:
                answer.attach_plan(build_plan(self.catalog, role.id, _context(profile, answer.question)))
            elif answer.role_view is not None:
                answer.attach_plan(build_data_plan(self.catalog, answer.role_view))
        yield answer.text

    def _coach(
        self, answer: Answer, question: str, history, profile: Profile, language, role, started, scopes
    ):
        try:
            answer.task_map = self._task_map(question, role, profile)
        except Exception as exc:  # the map is one part of the answer; never lose the rest for it
            log.warning("task map failed: %s", exc, exc_info=True)
            answer.notices.append(f"The task map could not be built this time ({type(exc).__name__}).")
        if answer.task_map is None and answer.role_view is not None:
            answer.task_map = answer.role_view.task_map  # no card and no list: the occupation's tasks
        elif answer.task_map is not None and answer.occupation and answer.occupation.chosen:
            answer.task_map = answer.task_map.model_copy(update={"occupation": answer.occupation.chosen})
        query = self._search_query(question, history, role)
        # The intent's kinds of guidance first (from a wider pool); a team's or a person's own
        # documents always stay; when fewer than two fit, what was found stays.
        kinds = KINDS_FOR_INTENT.get(answer.intent)
        k = self.settings.retrieval_k
        found = self.retriever.search(query, scopes, k=3 * k if kinds else k)
        fitting = [h for h in found if kinds and (h.kind in kinds or h.kind == "upload")]
        hits = fitting[:k] if len(fitting) >= 2 else found[:k]
        watched = mentions_monitoring(question)
        if watched:  # a worker asking about being watched: the pro-worker stance comes first
            first = self.retriever.search(SURVEILLANCE_QUERY, [CORPUS], k=1, kinds=["principle"])
            seen = {h.chunk_id for h in first}
            hits = first + [h for h in hits if h.chunk_id not in seen][: max(len(hits) - 1, 0)]
        elif answer.intent == "team_pilot":  # a lead planning for a team: the principles first
            first = self.retriever.search(f"{PILOT_QUERY} {question}", [CORPUS], k=2, kinds=["principle"])
            seen = {h.chunk_id for h in first}
            hits = first + [h for h in hits if h.chunk_id not in seen][: max(len(hits) - len(first), 0)]
        hits, neutralised = as_data(hits)
        if neutralised:
            answer.notices.append(DOCUMENT_NOTICE)
        retrieved = [_to_source(i + 1, h) for i, h in enumerate(hits)]
        answer.retrieved = retrieved
        answer.timings["retrieve_s"] = time.perf_counter() - started
        # The person's say over their tasks re-ranks the next problems (issue #15).
        answer.zones = profile_zones(self.task_mapper, answer.task_map, profile)
        if role is not None:
            answer.attach_plan(build_plan(self.catalog, role.id, _context(profile, question), answer.zones))
        elif answer.role_view is not None:
            sectors = [profile.sector] if profile.sector else []
            answer.attach_plan(build_data_plan(self.catalog, answer.role_view, answer.zones, sectors))
        elif self._starter(answer, role, answer.intent):
            answer.attach_plan(
                build_plan(self.catalog, STARTER_PLAN, _context(profile, question), answer.zones)
            )
        elif answer.exercise is None and (answer.intent == "learning" or _PERSONAL_GROWTH.search(question)):
            answer.exercise = build_exercise(self.catalog)
        # One story: a next problem about a task the map files under automate says why.
        answer.next_problems = explain_automate(
            answer.next_problems,
            answer.task_map,
            lambda task: self.replies.render("plan_map_note", language, task=task.task),
        )

        if self.settings.composes:  # the guidance's own sentences, no model (COACH_ANSWER_STYLE)
            yield from self._composed(
                answer, question, hits, retrieved, profile, language, role, watched, started
            )
            return

        parts: list[str] = []
        try:
            messages = self._messages(question, retrieved, hits, history, language)
            if self.settings.redacts_chat:  # personal details never leave the machine (COACH_REDACT)
                messages, counts = redact_messages(messages)
                if removed := ", ".join(f"{n} {kind}" for kind, n in counts.items() if n):
                    answer.notices.append(
                        f"Before sending to {self.settings.base_url}, I removed: {removed}."
                    )
            # The model gets its own budget, counted from its call: mapping, retrieval and a
            # first turn's model loads are not taken out of it.
            asked = time.perf_counter()
            for chunk in self.chat_model.stream(messages):
                delta = chunk.content if isinstance(chunk.content, str) else ""
                if not delta:
                    continue
                if not parts:
                    answer.timings["first_token_s"] = time.perf_counter() - started
                parts.append(delta)
                yield delta
                if time.perf_counter() - asked > self.settings.request_timeout:
                    raise TimeoutError(f"no complete answer within {self.settings.request_timeout:g}s")
        except Exception as exc:  # any endpoint failure: refused, timed out, 4xx/5xx, bad payload
            reason = _reason(exc, self.settings.request_timeout)
            answer.error = f"The chat model ({self.settings.describe_chat()}) did not answer: {reason}"
            answer.fallback = True
            answer.text, answer.sources = guidance_text(retrieved), retrieved
            yield "\n\n" + answer.text
            return

        # Defused first (no image or outside link from the model reaches a page), so the citation
        # steps below see the text that will be shown.
        text = safe_markdown(drop_repeats("".join(parts).strip()))
        text, dropped = drop_unsafe(text, str(messages[0].content))
        answer.grounding += dropped
        text, ungrounded = check_grounding(
            text, self._allowed_ids(answer), self.catalog.mention_names, [h.text for h in hits]
        )
        answer.grounding += ungrounded
        text, unsupported = check_support(text, [h.text for h in hits])
        answer.grounding += unsupported
        if not text:  # nothing the model said held up: the guidance's own sentences instead
            answer.fallback = True
            if parts:
                answer.notices.append(
                    "The model's answer did not hold up against the guidance; here is what the guidance says."
                )
            else:
                answer.error = "The chat model returned an empty answer."
            yield "\n\n"
            yield from self._composed(
                answer, question, hits, retrieved, profile, language, role, watched, started
            )
            return
        text = attribute_uncited(text, [h.text for h in hits])
        if watched and retrieved:
            text += "\n\n" + cite_sentences(self.replies.render("monitoring_note", language), 1)
        text, order = clean_citations(text, len(retrieved))
        if not order and retrieved:  # the model cited nothing: say which guidance it was given
            order = list(range(1, min(2, len(retrieved)) + 1))
            text += "\n\nGuidance this answer drew on: " + " ".join(f"[{n}]" for n in order)
        if role is not None and language != "en":  # the cards are in English: say so in theirs
            text = f"{self.replies.render('plan_intro', language, role_title=role.title)}\n\n{text}"
        answer.text = text
        answer.sources = [
            retrieved[old - 1].model_copy(update={"n": new}) for new, old in enumerate(order, 1)
        ]
        answer.timings["chunks"] = float(len(parts))

    def _composed(
        self, answer: Answer, question, hits, retrieved, profile: Profile, language, role, watched, started
    ):
        """The answer's prose composed from the retrieved guidance (see ``compose``): every
        sentence quoted from a cited passage, the plan's first next problem as the first step."""
        sources = list(retrieved)
        step = None
        if answer.next_problems and answer.intent != "team_pilot":  # a lead's plan is not theirs
            first = answer.next_problems[0]
            n = next((s.n for s in sources if s.id == first.source.id), None)
            entry = self.catalog.get(first.source.id)
            if n is None and entry is not None:  # cite the card the plan came from
                sources.append(_entry_source(len(sources) + 1, entry, first.source.heading))
                n = len(sources)
            if n is not None:
                said = first.first_step[:1].upper() + first.first_step[1:]
                step = Step(f"{first.title}: {said}" if said else first.title, n)
        personal = bool(profile.role_id or profile.role or profile.tasks)
        kind = (
            answer.intent
            if answer.intent in SECTIONS
            else question_kind([h.kind for h in hits], personal, watched)
        )
        passages = [Passage(s.n, h.text, h.heading, h.kind, h.title) for s, h in zip(retrieved, hits)]
        if kind == "team_pilot" and any(p.kind == "principle" for p in passages):
            # About the team, not one role; and a lead asking to help is not asking to monitor.
            passages = [
                p
                for p in passages
                if p.kind not in ("role", "path") and "surveillance" not in p.heading.lower()
            ]
        label = self.replies.render("first_step_label", language)
        text = compose(
            question,
            passages,
            kind,
            step,
            label,
            focus=role.title if role else "",
            relevance=self._relevance if self.embedder is not None else None,
        )
        if not answer.fallback:
            answer.model = "composed from the guidance (no model writes the prose)"
        if not text:
            answer.fallback = True
            answer.text, answer.sources = guidance_text(retrieved), retrieved
            yield answer.text
            return
        if watched and retrieved:
            text += "\n\n" + cite_sentences(self.replies.render("monitoring_note", language), 1)
        text, order = clean_citations(text, len(sources))
        if language != "en":  # the guidance is in English: say so, in their language
            text = f"{self.replies.render('composed_intro', language)}\n\n{text}"
        answer.text = text
        answer.sources = [sources[old - 1].model_copy(update={"n": new}) for new, old in enumerate(order, 1)]
        answer.timings.setdefault("first_token_s", time.perf_counter() - started)
        yield text

    def _starter(self, answer: Answer, role: Entry | None, intent: str) -> bool:
        """A person who named their own job, for which there is no card and no occupation in the
        data close enough: they get the general starting plan."""
        occupation = answer.occupation
        return (
            role is None
            and answer.role_view is None
            and intent == "coaching"
            and occupation is not None
            and bool(occupation.role_text)
            and occupation.card_id is None
            and occupation.chosen is None
        )

    def _allowed_ids(self, answer: Answer) -> set[str]:
        """Entries the model may name: what was retrieved and what the plan recommends."""
        allowed = {s.id for s in answer.retrieved}
        allowed |= {r.id for r in answer.adjacent_roles}
        allowed |= {p.skill.id for p in answer.next_problems if p.skill}
        allowed |= {p.source.id for p in answer.next_problems}
        return allowed

    def _decide_role(self, answer: Answer, profile: Profile, role: Entry | None) -> Entry | None:
        """The card this answer's plan comes from (None: the open-data role view, or none); the
        occupation match and what to say about it go into ``answer``."""
        try:
            decision = decide_role(self.catalog, self.role_views, profile, role)
        except Exception as exc:  # the match is one part of the answer; never lose the rest for it
            log.warning("occupation match failed: %s", exc, exc_info=True)
            return role
        answer.occupation, answer.role_view = decision.choice, decision.view
        return decision.card

    def _role_from_phrase(
        self, answer: Answer, profile: Profile, question: str, sure: bool = False
    ) -> Entry | None:
        """The card (or, with the open data imported, the occupation) for the job phrase the
        message opens with, when it comes close enough to one. Without the data, a phrase that
        is a job (stated outright, or short while the classifier is ``sure`` the person names
        their job) is noted as one with no card; else nothing changes."""
        phrase = role_phrase(question)
        nearest = self.catalog.nearest_role(phrase) if phrase else None
        if nearest is None:
            return None
        card = self.catalog.get(nearest[0]) if nearest[1] >= ROLE_PHRASE_MIN_SIMILARITY else None
        has_data = self.role_views is not None and self.role_views.data is not None
        if card is None and not has_data:
            if stated_role(question) == phrase or (sure and len(phrase.split()) <= NAMED_JOB_WORDS):
                said = profile.model_copy(update={"role": phrase})
                decision = decide_role(self.catalog, None, said, None)
                answer.occupation, answer.role_view = decision.choice, decision.view
            return None
        before = (answer.occupation, answer.role_view)
        said = profile.model_copy(update={"role": phrase})
        role = self._decide_role(answer, said, card)
        chosen = answer.occupation.chosen if answer.occupation else None
        if role is None and (chosen is None or chosen.score < OCCUPATION_PHRASE_MIN_SCORE):
            answer.occupation, answer.role_view = before  # no occupation that close
            if card is None:
                return None
            # The nearest card, used loosely and said so (as without the open data).
            decision = decide_role(self.catalog, None, said, card, none_close=has_data)
            answer.occupation, answer.role_view = decision.choice, decision.view
            return decision.card
        return role

    def _relevance(self, question: str, texts: list[str]) -> list[float]:
        """Each guidance sentence's cosine to the question, for the composer. Sentences come from
        a fixed corpus, so their vectors are kept (bounded); a failing encoder gives no signal."""
        if self.embedder is None:
            return [0.0] * len(texts)
        known = self._sentence_vectors
        vectors = {t: known[t] for t in texts if t in known}
        try:
            missing = [t for t in texts if t not in vectors]
            if missing:
                fresh = dict(zip(missing, map(_unit, self.embedder.embed_documents(missing))))
                if len(known) + len(fresh) > SENTENCE_CACHE:
                    known.clear()
                known.update(fresh)
                vectors.update(fresh)
            asked = _unit(self.embedder.embed_query(question))
        except Exception as exc:  # relevance is a refinement: never lose the answer for it
            log.warning("sentence relevance failed: %s", exc)
            return [0.0] * len(texts)
        return [sum(a * b for a, b in zip(asked, vectors[t])) for t in texts]

    def _task_map(self, question: str, role: Entry | None, profile: Profile) -> TaskMap | None:
        """The task map: the tasks this message lists, else the typical tasks on the role's card."""
        if self.task_mapper is None:
            return None
        tasks, source = extract_tasks(question), "your message"
        if len(tasks) < 2 and role is not None:
            tasks, source = [item.title for item in role.items("Typical tasks")], role.id
        if len(tasks) < 2:
            return None
        result = self.task_mapper.map_tasks(tasks, role=role.title if role else profile.role)
        return result.model_copy(update={"source": source})  # the person's own list, or the card


# The kinds of guidance that answer each intent; the rest is noise for it (a question about what
# "hallucination" means reads principles and skills, not a school counsellor's exposure figures).
# Personal and role questions read everything: a role card, its path and its sector all speak
# to them.
KINDS_FOR_INTENT: dict[str, tuple[str, ...]] = {
    "concept": ("principle", "skill", "sector"),
    "sector": ("sector", "principle", "role"),
    "learning": ("skill", "principle"),
    "transition": ("path", "role", "skill"),
}


# Intents that name a role, and how close the opening phrase must come to a role card (MiniLM
# cosine; on blind dev messages "icu nurse" 0.40 and "long haul trucker" 0.52 are right, while
# openings that are not jobs stay under 0.35) or to an O*NET occupation title.
ROLE_INTENTS = frozenset({"coaching", "role_question", "transition"})
# Intents about other people's work or work in general: a task list in them is not the person's.
NOT_OWN_WORK = frozenset({"team_pilot", "sector", "concept", "role_question", "transition"})
ROLE_PHRASE_MIN_SIMILARITY = 0.4
# A short opening phrase ("barista lol.", "Koch in einer Kantine") counts as a job with no card
# when the classifier reads a personal coaching request at least this surely.
NAMED_JOB_P = 0.5
NAMED_JOB_WORDS = 4
OCCUPATION_PHRASE_MIN_SCORE = 0.5
SENTENCE_CACHE = 20_000  # guidance sentences whose vectors are kept (a few MB)


def _unit(vector) -> list[float]:
    norm = sum(x * x for x in vector) ** 0.5 or 1.0
    return [x / norm for x in vector]


def role_views_for(task_mapper):
    """The role views over ``task_mapper``'s imported data (one per mapper, so views are cached
    once for the coach and the profile pages alike); None without a mapper."""
    if task_mapper is None:
        return None
    views = getattr(task_mapper, "role_views", None)
    if views is None:
        from coach.exposure.occupations import RoleViews  # numpy/pandas: only with a mapper

        views = RoleViews(task_mapper)
        task_mapper.role_views = views
    return views


SURVEILLANCE_QUERY = "pro-worker stance autonomy privacy no surveillance monitoring of workers"
SUPPORT_QUERY = "transition strategy after job loss adjacent moves resilience small steps"
PILOT_QUERY = "pro-worker AI employers involve workers consent transparency trust team adoption"
# A request to grow, in any of the six languages: it gets an AI-fluency exercise even without a role.
_PERSONAL_GROWTH = re.compile(
    r"\b(learn|skill|fluency|practi[cs]e|grow|improve|exercise|aprender|apprendre|lernen|imparare|"
    r"ejercicio|exercice|übung|esercizio|exerc[ií]cio)\b",
    re.IGNORECASE,
)


DOCUMENT_NOTICE = (
    "A retrieved document contained instructions; they were set aside (documents are data, not orders)."
)


def as_data(hits: list[Hit]) -> tuple[list[Hit], bool]:
    """The hits with instruction-like sentences removed from their text (see stance.neutralise_passage)."""
    out, found = [], False
    for hit in hits:
        text, changed = neutralise_passage(hit.text)
        found = found or changed
        out.append(replace(hit, text=text) if changed else hit)
    return out, found


def _context(profile: Profile, question: str) -> str:
    """What the person told us, for ranking their plan."""
    return " ".join([question, *profile.tasks, *profile.goals, *profile.skills])


def drop_repeats(text: str) -> str:
    """Remove sentences a model already said (small models fall into loops), keeping layout."""
    seen: set[str] = set()

    def verdict(sentence: str) -> str | None:
        key = re.sub(r"\W+", " ", sentence).strip().lower()
        if key in seen:
            return "repeat"
        if key:
            seen.add(key)
        return None

    return drop_sentences(text, verdict)[0]


def _reason(exc: Exception, timeout: float | None = None) -> str:
    """The cause of a chat-model failure in words (refused, timed out, HTTP status, empty, bad payload)."""
    from coach.llm.providers import describe_failure

    return describe_failure(exc, timeout)
