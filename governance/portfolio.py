"""The value-against-effort chart of the potential analysis, drawn as SVG on the server."""

from __future__ import annotations

WIDTH, HEIGHT, MARGIN = 320, 320, 40
PLOT = WIDTH - 2 * MARGIN


def _position(score: float) -> float:
    """A 1-5 score as a coordinate inside the plot area."""
    return round(MARGIN + (score - 1) / 4 * PLOT, 1)


def portfolio_chart(ranked: list) -> dict:
    """Coordinates for each scored idea: effort to the right, value upwards."""
    points = []
    for rank, use_case in enumerate(ranked, start=1):
        points.append(
            {
                "rank": rank,
                "title": use_case.title,
                "value": use_case.value_score,
                "effort": use_case.effort_score,
                "x": _position(use_case.effort_score),
                "y": round(HEIGHT - _position(use_case.value_score), 1),
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
