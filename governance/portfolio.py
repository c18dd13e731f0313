"""The value-against-effort chart of the potential analysis, drawn as SVG on the server."""

from __future__ import annotations

import math

WIDTH, HEIGHT, MARGIN = 320, 320, 40
PLOT = WIDTH - 2 * MARGIN
RADIUS = 9  # of a point's circle, which carries its rank number


def _position(score: float) -> float:
    """A 1-5 score as a coordinate inside the plot area."""
    return round(MARGIN + (score - 1) / 4 * PLOT, 1)


def _free_spot(x: float, y: float, taken: list[tuple[float, float]]) -> tuple[float, float]:
    """(x, y), or the nearest spot on rings around it where the point's circle touches no
    other, inside the plot: ideas with equal scores stay readable side by side."""
    gap = 2 * RADIUS + 1
    candidates = [(x, y)] + [
        (x + ring * gap * math.cos(angle), y + ring * gap * math.sin(angle))
        for ring in range(1, 8)
        for angle in (2 * math.pi * step / (6 * ring) for step in range(6 * ring))
    ]
    low, high = MARGIN + RADIUS, MARGIN + PLOT - RADIUS
    for cx, cy in candidates:
        inside = low - RADIUS <= cx <= high + RADIUS and low - RADIUS <= cy <= high + RADIUS
        if inside and all(math.dist((cx, cy), spot) >= gap for spot in taken):
            return round(cx, 1), round(cy, 1)
    return x, y


def portfolio_chart(ranked: list) -> dict:
    """Coordinates for each scored idea: effort to the right, value upwards."""
    points: list[dict] = []
    for rank, use_case in enumerate(ranked, start=1):
        x, y = _free_spot(
            _position(use_case.effort_score),
            round(HEIGHT - _position(use_case.value_score), 1),
            [(p["x"], p["y"]) for p in points],
        )
        points.append(
            {
                "rank": rank,
                "title": use_case.title,
                "value": use_case.value_score,
                "effort": use_case.effort_score,
                "x": x,
                "y": y,
            }
        )
    ticks = [{"label": n, "at": _position(n), "y_at": HEIGHT - _position(n)} for n in range(1, 6)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "margin": MARGIN,
        "plot": PLOT,
        "middle": MARGIN + PLOT / 2,
        "bottom": HEIGHT - MARGIN,
        "right": WIDTH - MARGIN,
        "points": points,
        "ticks": ticks,
    }
