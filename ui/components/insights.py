"""Team insights as charts and a CSV: the same view for team admins and for each member."""

from __future__ import annotations

import streamlit as st

from coach.services.insights import TeamInsights


def show_insights(insights: TeamInsights, key: str) -> None:
    st.caption(
        f"Aggregates over complete weeks ({insights.weeks[0]} to {insights.weeks[-1]}); every figure "
        f"counts at least {insights.min_group} members. No message, name, profile field or task "
        "text is ever part of it."
    )
    if insights.withheld:
        st.info(insights.withheld)
        return
    if not any(f.shown for f in insights.figures):
        st.info(
            f"Nothing to show yet: no complete week had {insights.min_group} or more members using the "
            "coach. Figures appear once a week with enough members has ended."
        )
    for figure in insights.figures:
        st.markdown(f"**{figure.title}**" + (f" ({figure.unit})" if figure.unit else ""))
        shown = {c.label: c.value for c in figure.cells if c.value is not None}
        hidden = [c.label for c in figure.cells if c.value is None]
        if shown and figure.key in {"adoption", "topics", "task_categories"}:
            st.bar_chart(shown, horizontal=figure.key != "adoption")
            # The numbers in words too: a chart alone is closed to screen readers.
            st.caption(" · ".join(f"{label}: {_fmt(v)}" for label, v in shown.items()))
        elif shown:
            st.table([{"": label, figure.unit or "value": _fmt(v)} for label, v in shown.items()])
        if hidden and figure.key == "adoption":
            weeks = len(figure.cells)
            st.caption(f"{len(hidden)} of {weeks} weeks had fewer than {insights.min_group} members.")
        elif hidden:
            st.caption(f"Suppressed (fewer than {insights.min_group} members): " + "; ".join(hidden))
        if figure.note:
            st.caption(figure.note)
    st.download_button(
        "Download these figures (CSV)",
        insights.to_csv(),
        file_name=f"team-insights-{insights.team_id[:8]}.csv",
        mime="text/csv",
        key=f"insights-csv-{key}",
    )


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
