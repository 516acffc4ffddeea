"""The monthly KPI trend as inline SVG geometry (no script, no style attribute)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.domain.kpi import LEVEL_THRESHOLDS

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40
FLOOR = 80.0  # the axis starts at 80 % so the 89-97 % band is readable


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    level: int
    empty: bool


def _y(percent: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    clipped = min(100.0, max(FLOOR, percent))
    return TOP + span * (100.0 - clipped) / (100.0 - FLOOR)


def trend_chart(trend: list[tuple[tuple[int, int], Any]]) -> dict[str, Any]:
    """Bars for each month's percent, with the level thresholds as lines."""
    from admin.present import month_label

    slot = (WIDTH - LEFT - RIGHT) / max(1, len(trend))
    bars = []
    for i, ((year, month), figure) in enumerate(trend):
        empty = figure.counted == 0
        top = _y(figure.percent) if not empty else HEIGHT - BOTTOM
        bars.append(Bar(x=round(LEFT + i * slot + slot * 0.15, 1), y=round(top, 1),
                        width=round(slot * 0.7, 1), height=round(HEIGHT - BOTTOM - top, 1),
                        label=month_label(year, month),
                        value="-" if empty else f"{figure.percent:.1f}",
                        level=figure.level, empty=empty))
    lines = [{"y": round(_y(t), 1), "label": f"{t:.0f}%", "level": i + 1}
             for i, t in enumerate(LEVEL_THRESHOLDS)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "bottom": HEIGHT - BOTTOM, "bars": bars, "lines": lines,
            "axis": [{"y": round(_y(p), 1), "label": f"{p:.0f}"} for p in (80, 100)],
            "slot": slot}
