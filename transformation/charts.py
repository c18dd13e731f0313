"""Server-side SVG charts: pure functions from data to markup.

Used by the pages (inline SVG), the ROI app and the PDF report alike, so
they only use presentation attributes (fill, stroke, font-size), never
`style`: the Content-Security-Policy forbids inline styles, and WeasyPrint
draws presentation attributes faithfully. Every text is escaped; each
chart carries a <title> and a text legend, so colour is never the only cue.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = {
    "ok": "#1d6b3a",
    "warn": "#b86e00",
    "bad": "#a1231b",
    "info": "#1f4e8c",
    "idle": "#8a94a3",
    "ink": "#1b2430",
    "muted": "#5a6573",
    "line": "#d5dbe3",
    "faint": "#eceff3",
    "planned": "#b9c7da",
    "today": "#c0392b",
    "promoter": "#1d6b3a",
    "supporter": "#5a9e6f",
    "neutral": "#8a94a3",
    "sceptic": "#d08a1e",
    "opponent": "#a1231b",
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def colour(tone: str) -> str:
    """A palette tone name, or a literal #rrggbb colour."""
    return tone if tone.startswith("#") else PALETTE.get(tone, PALETTE["info"])


def _attrs(**attributes: object) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.1f}".rstrip("0").rstrip(".")
        parts.append(f'{key}="{escape(str(value), quote=True)}"')
    return " ".join(parts)


def _tag(name: str, body: str = "", **attributes: object) -> str:
    attrs = _attrs(**attributes)
    opening = f"<{name} {attrs}" if attrs else f"<{name}"
    return f"{opening}>{body}</{name}>" if body else f"{opening}/>"


def _text(x: float, y: float, text: str, *, size: int = 12, tone: str = "ink", **extra) -> str:
    return _tag("text", escape(text), x=x, y=y, font_size=size, fill=colour(tone), **extra)


def _svg(width: float, height: float, title: str, body: list[str], css_class: str) -> SafeString:
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width:.0f} {height:.0f}",
        width=f"{width:.0f}",
        height=f"{height:.0f}",
        role="img",
        class_=css_class,
        font_family=FONT,
    )
    return mark_safe(f"<svg {head}><title>{escape(title)}</title>{''.join(body)}</svg>")  # noqa: S308 - every text above is escaped


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\N{THIN SPACE}")


# -- Timeline (Gantt) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date | None = None  # open: runs until today


@dataclass(frozen=True)
class TimelineRow:
    label: str
    planned: Span | None = None
    actual: Span | None = None
    tone: str = "info"
    note: str = ""  # e.g. the status, shown in the row's tooltip and after the bar


def timeline(
    rows: Sequence[TimelineRow],
    *,
    title: str,
    today: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    planned_label: str = "planned",
    actual_label: str = "actual",
    today_label: str = "today",
    width: int = 760,
    label_width: int = 230,
) -> SafeString:
    """Planned against actual bars per row, month ticks and a today line."""
    dates = [today] if today else []
    for row in rows:
        for span in (row.planned, row.actual):
            if span:
                dates += [span.start, span.end or today or span.start]
    dates = [d for d in dates if d]
    first = start or (min(dates) if dates else dt.date.today())
    last = end or (max(dates) if dates else first)
    first = first.replace(day=1)
    last = max(last, first + dt.timedelta(days=28))
    span_days = max((last - first).days, 1)
    plot = width - label_width - 16
    row_height, top = 30, 34

    def x(day: dt.date) -> float:
        return label_width + plot * min(max((day - first).days, 0), span_days) / span_days

    height = top + row_height * len(rows) + 44
    body = []
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    label_every = max(1, math.ceil(months * 46 / plot))  # a label needs about 46 px
    month, index = first, 0
    while month <= last:
        body.append(
            _tag(
                "line",
                x1=x(month),
                y1=top - 6,
                x2=x(month),
                y2=height - 40,
                stroke=PALETTE["faint"],
            )
        )
        if index % label_every == 0:
            body.append(
                _text(x(month) + 3, top - 12, month.strftime("%m/%y"), size=11, tone="muted")
            )
        index += 1
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for index, row in enumerate(rows):
        y = top + index * row_height
        body.append(_text(4, y + 19, _shorten(row.label, 31), size=12))
        tooltip = escape(f"{row.label}: {row.note}" if row.note else row.label)
        if row.planned:
            body.append(
                _tag(
                    "rect",
                    f"<title>{tooltip} ({escape(planned_label)})</title>",
                    x=x(row.planned.start),
                    y=y + 5,
                    width=max(x(row.planned.end or last) - x(row.planned.start), 2),
                    height=9,
                    rx=2,
                    fill=PALETTE["planned"],
                )
            )
        if row.actual:
            actual_end = row.actual.end or today or last
            body.append(
                _tag(
                    "rect",
                    f"<title>{tooltip} ({escape(actual_label)})</title>",
                    x=x(row.actual.start),
                    y=y + 15,
                    width=max(x(actual_end) - x(row.actual.start), 2),
                    height=9,
                    rx=2,
                    fill=colour(row.tone),
                )
            )
        body.append(
            _tag(
                "line",
                x1=0,
                y1=y + row_height,
                x2=width,
                y2=y + row_height,
                stroke=PALETTE["faint"],
            )
        )
    if today and first <= today <= last:
        body.append(
            _tag(
                "line",
                x1=x(today),
                y1=top - 6,
                x2=x(today),
                y2=height - 40,
                stroke=PALETTE["today"],
                stroke_width=2,
                stroke_dasharray="4 3",
            )
        )
        body.append(_text(x(today) + 3, height - 28, today_label, size=11, tone="today"))
    legend_y = height - 12
    body.append(
        _tag("rect", x=label_width, y=legend_y - 9, width=18, height=9, fill=PALETTE["planned"])
    )
    body.append(_text(label_width + 24, legend_y, planned_label, size=11))
    body.append(
        _tag("rect", x=label_width + 130, y=legend_y - 9, width=18, height=9, fill=PALETTE["info"])
    )
    body.append(_text(label_width + 154, legend_y, actual_label, size=11))
    return _svg(width, height, title, body, "chart chart--timeline")


# -- Scatter on a grid ------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    label: str
    tone: str = "info"
    marked: bool = False  # drawn with a ring, e.g. "moved since a date"
    note: str = ""


def scatter_grid(
    points: Sequence[Point],
    *,
    title: str,
    x_label: str,
    y_label: str,
    x_max: int = 5,
    y_max: int = 5,
    split: int | None = None,
    quadrants: tuple[str, str, str, str] | None = None,
    legend: Sequence[tuple[str, str]] = (),
    size: int = 460,
) -> SafeString:
    """Points placed on an integer grid (1..max each way); several in a cell fan out.

    `split` draws the quadrant lines between split-1 and split;
    `quadrants` labels them (top left, top right, bottom left, bottom right).
    `legend` lists (tone, label) pairs under the grid.
    """
    margin, bottom = 44, 48 + 18 * math.ceil(len(legend) / 3)
    plot = size - margin - 12
    cell_w, cell_h = plot / x_max, plot / y_max

    def centre(px: int, py: int) -> tuple[float, float]:
        return margin + (px - 0.5) * cell_w, 12 + (y_max - py + 0.5) * cell_h

    height = plot + 12 + bottom
    body = [
        _tag(
            "rect", x=margin, y=12, width=plot, height=plot, fill="#ffffff", stroke=PALETTE["line"]
        )
    ]
    for step in range(1, x_max):
        gx = margin + step * cell_w
        body.append(_tag("line", x1=gx, y1=12, x2=gx, y2=12 + plot, stroke=PALETTE["faint"]))
    for step in range(1, y_max):
        gy = 12 + step * cell_h
        body.append(
            _tag("line", x1=margin, y1=gy, x2=margin + plot, y2=gy, stroke=PALETTE["faint"])
        )
    if split:
        sx = margin + (split - 1) * cell_w
        sy = 12 + (y_max - split + 1) * cell_h
        body.append(
            _tag(
                "line",
                x1=sx,
                y1=12,
                x2=sx,
                y2=12 + plot,
                stroke=PALETTE["muted"],
                stroke_dasharray="5 4",
            )
        )
        body.append(
            _tag(
                "line",
                x1=margin,
                y1=sy,
                x2=margin + plot,
                y2=sy,
                stroke=PALETTE["muted"],
                stroke_dasharray="5 4",
            )
        )
        if quadrants:
            spots = [
                (margin + 4, 26),
                (sx + 4, 26),
                (margin + 4, 12 + plot - 6),
                (sx + 4, 12 + plot - 6),
            ]
            for (qx, qy), text in zip(spots, quadrants, strict=True):
                body.append(_text(qx, qy, text, size=11, tone="muted"))
    for value in range(1, x_max + 1):
        body.append(
            _text(centre(value, 1)[0] - 3, 12 + plot + 14, str(value), size=10, tone="muted")
        )
    for value in range(1, y_max + 1):
        body.append(_text(margin - 14, centre(1, value)[1] + 4, str(value), size=10, tone="muted"))
    body.append(_text(margin + plot / 2, 12 + plot + 32, x_label, size=12, text_anchor="middle"))
    body.append(
        _text(
            12,
            12 + plot / 2,
            y_label,
            size=12,
            text_anchor="middle",
            transform=f"rotate(-90 12 {12 + plot / 2:.0f})",
        )
    )
    crowd: dict[tuple[int, int], int] = {}
    for point in points:
        crowd[(point.x, point.y)] = crowd.get((point.x, point.y), 0) + 1
    placed: dict[tuple[int, int], int] = {}
    for point in points:
        key = (point.x, point.y)
        cx, cy = centre(point.x, point.y)
        count, index = crowd[key], placed.get(key, 0)
        placed[key] = index + 1
        if count > 1:
            angle = 2 * math.pi * index / count
            radius = min(cell_w, cell_h) * 0.28
            cx, cy = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        tooltip = escape(f"{point.label} ({point.note})" if point.note else point.label)
        if point.marked:
            body.append(
                _tag(
                    "circle", cx=cx, cy=cy, r=11, fill="none", stroke=PALETTE["ink"], stroke_width=2
                )
            )
        body.append(
            _tag(
                "circle",
                f"<title>{tooltip}</title>",
                cx=cx,
                cy=cy,
                r=7,
                fill=colour(point.tone),
                stroke="#ffffff",
            )
        )
    for index, (tone, text) in enumerate(legend):
        lx = margin + (index % 3) * (plot / 3)
        ly = 12 + plot + 50 + 18 * (index // 3)
        body.append(_tag("circle", cx=lx + 6, cy=ly - 4, r=6, fill=colour(tone)))
        body.append(_text(lx + 16, ly, text, size=11))
    return _svg(size, height, title, body, "chart chart--grid")


# -- Line chart with a marker -----------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    tone: str = "info"


@dataclass(frozen=True)
class Marker:
    index: float  # position on the x axis, in label units (0 = first label)
    label: str
    tone: str = "ok"


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_labels: Sequence[str],
    marker: Marker | None = None,
    y_label: str = "",
    value_format: Callable[[float], str] = _number,
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """One or more lines over shared x labels, a zero line, an optional vertical marker."""
    values = [v for s in series for v in s.values] or [0.0]
    ticks = _nice_ticks(min(min(values), 0), max(max(values), 0))
    low, high = ticks[0], ticks[-1]
    left, right, top, bottom = 64, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = max(len(x_labels) - 1, 1)

    def px(index: float) -> float:
        return left + plot_w * index / steps

    def py(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    body = []
    for tick in ticks:
        body.append(
            _tag(
                "line",
                x1=left,
                y1=py(tick),
                x2=left + plot_w,
                y2=py(tick),
                stroke=PALETTE["ink"] if tick == 0 else PALETTE["faint"],
            )
        )
        body.append(
            _text(
                left - 6, py(tick) + 4, value_format(tick), size=10, tone="muted", text_anchor="end"
            )
        )
    every = max(1, math.ceil(len(x_labels) / 12))
    for index, label in enumerate(x_labels):
        if index % every == 0:
            body.append(
                _text(
                    px(index), top + plot_h + 16, label, size=10, tone="muted", text_anchor="middle"
                )
            )
    if y_label:
        body.append(
            _text(
                14,
                top + plot_h / 2,
                y_label,
                size=11,
                text_anchor="middle",
                transform=f"rotate(-90 14 {top + plot_h / 2:.0f})",
            )
        )
    for line in series:
        coords = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(line.values))
        body.append(
            _tag("polyline", points=coords, fill="none", stroke=colour(line.tone), stroke_width=2.5)
        )
        for i, v in enumerate(line.values):
            at = x_labels[i] if i < len(x_labels) else str(i)
            tooltip = escape(f"{line.label}: {at} {value_format(v)}")
            body.append(
                _tag(
                    "circle",
                    f"<title>{tooltip}</title>",
                    cx=px(i),
                    cy=py(v),
                    r=3,
                    fill=colour(line.tone),
                )
            )
    if marker is not None:
        mx = px(marker.index)
        body.append(
            _tag(
                "line",
                x1=mx,
                y1=top,
                x2=mx,
                y2=top + plot_h,
                stroke=colour(marker.tone),
                stroke_width=2,
                stroke_dasharray="5 3",
            )
        )
        anchor = "end" if mx > left + plot_w * 0.7 else "start"
        offset = -4 if anchor == "end" else 4
        body.append(
            _text(
                mx + offset, top + 12, marker.label, size=11, tone=marker.tone, text_anchor=anchor
            )
        )
    for index, line in enumerate(series):
        lx = left + index * 180
        body.append(
            _tag(
                "line",
                x1=lx,
                y1=height - 12,
                x2=lx + 18,
                y2=height - 12,
                stroke=colour(line.tone),
                stroke_width=3,
            )
        )
        body.append(_text(lx + 24, height - 8, line.label, size=11))
    return _svg(width, height, title, body, "chart chart--line")


# -- Horizontal bar chart ---------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    tone: str = "info"
    note: str = ""  # shown after the value, e.g. "12 of 20"


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    max_value: float | None = None,
    value_format: Callable[[float], str] = _number,
    width: int = 640,
    label_width: int = 200,
) -> SafeString:
    """Horizontal bars with their value written next to each."""
    top, row = 8, 26
    most = max_value if max_value is not None else max([b.value for b in bars] or [1]) or 1
    plot = width - label_width - 110
    height = top * 2 + row * len(bars)
    body = []
    for index, bar in enumerate(bars):
        y = top + index * row
        length = plot * max(bar.value, 0) / most if most else 0
        body.append(_text(4, y + 16, _shorten(bar.label, 30), size=12))
        body.append(
            _tag("rect", x=label_width, y=y + 4, width=plot, height=14, rx=3, fill=PALETTE["faint"])
        )
        body.append(
            _tag(
                "rect",
                f"<title>{escape(bar.label)}</title>",
                x=label_width,
                y=y + 4,
                width=max(length, 0),
                height=14,
                rx=3,
                fill=colour(bar.tone),
            )
        )
        text = value_format(bar.value) + (f" · {bar.note}" if bar.note else "")
        body.append(_text(label_width + plot + 6, y + 16, text, size=11, tone="muted"))
    return _svg(width, height, title, body, "chart chart--bars")
