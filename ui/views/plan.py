"""My plan: the next problems and 30/60/90-day steps the coach offered, each markable done, with
progress over time."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from coach.bootstrap import Services
from coach.domain.principal import Principal

SECTIONS = {
    "problem": "Next problems to solve",
    "days_30": "First 30 days",
    "days_60": "Days 31-60",
    "days_90": "Days 61-90",
}


def plan_page(services: Services, principal: Principal) -> None:
    st.title("My plan")
    items = services.profiles.plan(principal)
    if not items:
        st.info("No plan yet. Tell the coach your role in the chat and it will suggest one.")
        return
    done = sum(item.done for item in items)
    st.progress(done / len(items), text=f"{done} of {len(items)} done")
    for kind, label in SECTIONS.items():
        group = [item for item in items if item.kind == kind]
        if not group:
            continue
        st.subheader(label)
        for item in group:
            ticked = st.checkbox(
                item.title, value=item.done, key=f"plan-{item.item_id}", help=item.detail or None
            )
            if ticked != item.done:
                services.profiles.mark(principal, item.item_id, ticked)
                st.rerun()
            st.caption(f"Source: `{item.source_id}`")
    dates = Counter(item.done_at.date() for item in items if item.done_at)
    if dates:
        st.subheader("Progress over time")
        days = sorted(dates)
        frame = pd.DataFrame(
            {"day": [str(d) for d in days], "done": pd.Series([dates[d] for d in days]).cumsum()}
        )
        st.line_chart(frame, x="day", y="done")
