"""The four zones of a person's tasks (their say × what AI could do) as a 2×2 chart, and the
"Where work is growing" list; both drawn from coach data, nothing computed here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coach.domain.plan import Opportunity
from coach.domain.preferences import ZONE_LABELS, TaskZone

ZONE_COLOURS = {
    "automate-first": "#d95f02",
    "keep-and-shape": "#7570b3",
    "watch-for-tools": "#1b9e77",
    "low-priority": "#bbbbbb",
}
# Each zone's place in the quadrant: (AI could?, you want AI?).
_PLACE = {
    "automate-first": ("AI could", "you want AI"),
    "keep-and-shape": ("AI could", "you keep it"),
    "watch-for-tools": ("AI can't yet", "you want AI"),
    "low-priority": ("AI can't yet", "you keep it"),
}


def zone_frame(zones: list[TaskZone]) -> pd.DataFrame:
    """One row per zone (all four, so the quadrant is always whole): its place, count and tasks."""
    rows = []
    for zone, (could, wants) in _PLACE.items():
        tasks = [z.task + (" (unsure)" if z.unsure else "") for z in zones if z.zone == zone]
        rows.append(
            {
                "zone": zone,
                "ai": could,
                "you": wants,
                "label": f"{ZONE_LABELS[zone]}: {len(tasks)}",
                "tasks": "; ".join(tasks) or "—",
            }
        )
    return pd.DataFrame(rows)


def render_zone_chart(zones: list[TaskZone]) -> None:
    if not zones:
        return
    frame = zone_frame(zones)
    encoding = {
        "x": {"field": "ai", "type": "nominal", "sort": ["AI can't yet", "AI could"], "title": None},
        "y": {"field": "you", "type": "nominal", "sort": ["you want AI", "you keep it"], "title": None},
    }
    chart = {
        "height": 220,
        "layer": [
            {
                "mark": {"type": "rect", "opacity": 0.8},
                "encoding": {
                    **encoding,
                    "color": {
                        "field": "zone",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": list(ZONE_COLOURS), "range": list(ZONE_COLOURS.values())},
                    },
                    "tooltip": [{"field": "label", "title": "zone"}, {"field": "tasks"}],
                },
            },
            {"mark": {"type": "text", "fontSize": 13}, "encoding": {**encoding, "text": {"field": "label"}}},
        ],
    }
    st.vega_lite_chart(frame, chart, width="stretch")


def render_opportunities(opportunities: list[Opportunity]) -> None:
    """Growing roles and new kinds of task, each with the card and heading it came from."""
    for o in opportunities:
        text = f" — {o.text}" if o.text else ""
        st.markdown(f"- **{o.title}**{text} _({o.source.title}, {o.source.heading}: `{o.source.id}`)_")
