"""An answer on screen: its notices, the task map chart, the plan cards and the sources. Stored
replies from earlier sessions show their slim record: the sources they cited and the plan
items they offered."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coach.corpus.catalog import Catalog
from coach.domain.answer import Answer, TurnRecord
from coach.domain.taskmap import TaskMap
from coach.pipeline.export import answer_markdown
from coach.pipeline.links import safe_markdown

CATEGORY_COLOURS = {"automate": "#d95f02", "augment": "#1b9e77", "human-core": "#7570b3"}


def source_caption(ref) -> str:
    return (
        f"Source: {ref.title} — {ref.heading} (`{ref.id}`)"
        if ref.heading
        else f"Source: {ref.title} (`{ref.id}`)"
    )


def render_task_map(task_map: TaskMap) -> None:
    tasks = task_map.chart_rows()
    if not tasks:
        return
    st.markdown("#### Your tasks, mapped")
    frame = pd.DataFrame(
        {
            "task": [t["task"] for t in tasks],
            "category": [t["category"] for t in tasks],
            "confidence": [round(t["confidence"], 2) for t in tasks],
            "exposure": [t["exposure"] for t in tasks],
            # Selective labels: unsure tasks are drawn faint, uncertain ones named in the tooltip.
            "shown": [t.get("shown", t["category"]) for t in tasks],
            "uncertain": ["; ".join(t.get("reasons") or []) for t in tasks],
        }
    )
    chart = {
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "task",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "confidence",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "title": "confidence",
            },
            "color": {
                "field": "category",
                "type": "nominal",
                "scale": {"domain": list(CATEGORY_COLOURS), "range": list(CATEGORY_COLOURS.values())},
            },
            "opacity": {"condition": {"test": "datum.shown === 'unsure'", "value": 0.35}, "value": 1.0},
            "stroke": {"value": "#333"},  # uncertain: a dashed outline
            "strokeWidth": {"condition": {"test": "datum.uncertain !== ''", "value": 1.5}, "value": 0},
            "strokeDash": {"value": [4, 2]},
            "tooltip": [
                {"field": f} for f in ("task", "shown", "category", "exposure", "confidence", "uncertain")
            ],
        },
    }
    st.vega_lite_chart(frame, chart, width="stretch")
    counts = frame["category"].value_counts()
    unsure = int((frame["shown"] == "unsure").sum())
    st.caption(
        " · ".join(f"{c}: {counts.get(c, 0)}" for c in CATEGORY_COLOURS)
        + (f" ({unsure} unsure: faint bars, best guess in colour)" if unsure else "")
        + " — exposure labels follow Eloundou et al. (2023); see the evidence in the export."
    )


def render_plan(answer: Answer, key: str) -> None:
    if answer.next_problems:
        st.markdown("#### Next problems to solve")
        for i, p in enumerate(answer.next_problems, 1):
            with st.container(border=True):
                st.markdown(f"**{i}. {p.title}**  \n{p.why}")
                st.markdown(f"**This week:** {p.first_step}")
                if p.map_note:
                    st.caption(p.map_note)
                if p.skill:
                    st.caption(f"Builds: {p.skill.title}")
                st.caption(source_caption(p.source))
    if answer.adjacent_roles:
        with st.expander("Adjacent roles"):
            for r in answer.adjacent_roles:
                st.markdown(f"**{r.title}** — {r.why}")
            st.caption(source_caption(answer.adjacent_roles[0].source))
    if answer.opportunities:
        from ui.components.zones import render_opportunities

        with st.expander("Where work is growing"):
            render_opportunities(answer.opportunities)
    if answer.plan and (answer.plan.days_30 or answer.plan.days_60 or answer.plan.days_90):
        st.markdown("#### 30/60/90-day learning plan")
        for tab, steps in zip(
            st.tabs(["30 days", "60 days", "90 days"]),
            (answer.plan.days_30, answer.plan.days_60, answer.plan.days_90),
        ):
            with tab:
                for step in steps:
                    st.markdown(f"- {step.text}")
                    st.caption(source_caption(step.source))
    if answer.exercise:
        with st.container(border=True):
            st.markdown(f"**Try today — {answer.exercise.title}**  \n{answer.exercise.steps}")
            st.caption(source_caption(answer.exercise.source))
    if answer.next_problems or answer.task_map:
        st.download_button(
            "Export as Markdown",
            answer_markdown(answer),
            file_name="career-plan.md",
            mime="text/markdown",
            key=key,
        )


def render_answer(answer: Answer, key: str) -> None:
    """The parts of a reply besides its text: notices, errors, the task map, the plan, sources."""
    for notice in answer.notices:
        st.info(notice)
    if answer.error:
        st.warning(answer.error)
    if answer.grounding:
        st.caption("Grounding check: " + " ".join(answer.grounding))
    if answer.task_map:
        render_task_map(answer.task_map)
    render_plan(answer, key)
    if answer.sources:
        with st.expander(f"Sources ({len(answer.sources)})"):
            for s in answer.sources:
                st.markdown(f"**[{s.n}] {s.title}** — {s.heading}  \n`{s.id}` · {s.kind}")
                st.caption(safe_markdown(s.snippet))


def render_record(record: dict, catalog: Catalog) -> None:
    """A reply stored in an earlier session: the guidance it cited and what its map held."""
    slim = TurnRecord.model_validate(record)
    if slim.error:
        st.warning(slim.error)
    if slim.task_map and slim.task_map.tasks:
        counts = " · ".join(f"{c}: {n}" for c, n in slim.task_map.counts.items())
        st.caption(f"Task map: {slim.task_map.tasks} tasks ({counts})")
    if slim.source_ids:
        numbers: dict[str, list[str]] = {}  # two passages of one entry share a line
        for n, doc_id in enumerate(slim.source_ids, 1):
            numbers.setdefault(doc_id, []).append(f"[{n}]")
        with st.expander(f"Sources ({len(numbers)})"):
            for doc_id, cited in numbers.items():
                entry = catalog.get(doc_id)
                st.markdown(f"**{' '.join(cited)} {entry.title if entry else doc_id}**  \n`{doc_id}`")
