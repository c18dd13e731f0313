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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from transformation import formatting

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


def for_screens(wide: SafeString, narrow: SafeString) -> SafeString:
    """Two drawings of one chart: the wide one (as in the PDF) and one laid out for a
    phone's width; the stylesheet shows one of them, so no text shrinks below legibility."""
    wide = wide.replace('class="chart ', 'class="chart chart--wide ', 1)
    narrow = narrow.replace('class="chart ', 'class="chart chart--narrow ', 1)
    return mark_safe(wide + narrow)  # noqa: S308 - both are escaped chart markup


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """`text` broken at spaces into at most `lines` lines of `limit` characters; the last
    line is shortened only when the text needs more lines than that."""
    # (piece, spaced): a word longer than a line may also break after its hyphens,
    # as "Change-Readiness-Assessment" must in German.
    pieces: list[tuple[str, bool]] = []
    for word in text.split():
        parts = re.findall(r"[^-]+-*|-+", word) if len(word) > limit else [word]
        pieces += [(part, index == 0) for index, part in enumerate(parts)]
    rows: list[str] = []
    while pieces and len(rows) < lines:
        line = pieces.pop(0)[0]
        while pieces and len(line) + pieces[0][1] + len(pieces[0][0]) <= limit:
            part, spaced = pieces.pop(0)
            line += (" " if spaced else "") + part
        rows.append(line)
    if pieces:
        rows[-1] += "".join((" " if spaced else "") + part for part, spaced in pieces)
    return [_shorten(row, limit) for row in rows] or [""]


def _number(value: float) -> str:
    """Axis ticks and tooltips in the reader's language, to two places at most."""
    return formatting.number(round(value, 2))


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
    label_lines: int = 3,
) -> SafeString:
    """Planned against actual bars per row, month ticks and a today line.

    Row names wrap onto up to `label_lines` lines (a phone's narrow drawing needs more).
    """
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
    label_chars = max(int((label_width - 8) / (12 * 0.6)), 8)  # 0.6 em a character at 12 px
    # Up to three lines: long German and Dutch step names are read whole, not cut off.
    labels = [_wrap(row.label, label_chars, lines=label_lines) for row in rows]
    most_lines = max((len(lines) for lines in labels), default=1)
    row_height, top = (30 if most_lines == 1 else 14 + 14 * most_lines), 34
    pad = (row_height - 30) // 2  # bars centred in a taller row

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
        label = month.strftime("%m/%y")
        # The last month's label would run past the right edge: its line says enough.
        if index % label_every == 0 and x(month) + 3 + text_width(label, 11) <= width:
            body.append(_text(x(month) + 3, top - 12, label, size=11, tone="muted"))
        index += 1
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for index, row in enumerate(rows):
        y = top + index * row_height
        lines = labels[index]
        first_line = y + row_height / 2 + 4 - 7 * (len(lines) - 1)
        spans = "".join(
            _tag("tspan", escape(line), x=4, y=first_line + 14 * number)
            for number, line in enumerate(lines)
        )
        body.append(_tag("text", spans, font_size=12, fill=colour("ink")))
        tooltip = escape(f"{row.label}: {row.note}" if row.note else row.label)
        if row.planned:
            body.append(
                _tag(
                    "rect",
                    f"<title>{tooltip} ({escape(planned_label)})</title>",
                    x=x(row.planned.start),
                    y=y + pad + 5,
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
                    y=y + pad + 15,
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
        near_end = x(today) + 3 + text_width(today_label, 11) > width
        body.append(
            _text(
                x(today) + (-3 if near_end else 3),
                height - 28,
                today_label,
                size=11,
                tone="today",
                text_anchor="end" if near_end else None,
            )
        )
    legend_y = height - 12
    # Under the bars; moved left as far as needed for both entries to fit the width.
    second = max(130, 24 + text_width(planned_label, 11) + 16)
    needed = second + 24 + text_width(actual_label, 11)
    left = max(4, min(label_width, width - needed))
    body.append(_tag("rect", x=left, y=legend_y - 9, width=18, height=9, fill=PALETTE["planned"]))
    body.append(_text(left + 24, legend_y, planned_label, size=11))
    body.append(
        _tag("rect", x=left + second, y=legend_y - 9, width=18, height=9, fill=PALETTE["info"])
    )
    body.append(_text(left + second + 24, legend_y, actual_label, size=11))
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
    margin = 44
    plot = size - margin - 12
    _, legend_height = _legend(legend, left=margin, width=size - 4, top=0, dots=True)
    bottom = 48 + legend_height
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
    body += _legend(legend, left=margin, width=size - 4, top=12 + plot + 39, dots=True)[0]
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


def text_width(text: str, size: float) -> float:
    """A generous estimate of a text's width: 0.6 em a character (the harness uses the same)."""
    return len(text) * size * 0.6


def _nice_ticks(low: float, high: float, count: int = 5, min_step: float = 0) -> list[float]:
    """Round tick values from at or below `low` to at or above `high`, so the axis covers
    the data; `min_step` keeps ticks apart when they are printed rounded (whole euros)."""
    if high == low:
        return [low]
    raw = max((high - low) / count, min_step)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-12)
    if min_step and step < min_step:
        step = min_step
    first = math.floor(low / step + 1e-9) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(first + step * len(ticks), 10))
    return ticks


def _legend(
    items: Sequence[tuple[str, str]],
    *,
    left: float,
    width: float,
    top: float,
    size: int = 11,
    dots: bool = False,
) -> tuple[list[str], float]:
    """(tone, label) pairs laid out left to right, wrapping to a new row where a label
    would not fit, so no two overlap in any language; returns the markup and its height.
    The swatch is a line (for line charts) or a dot (for points)."""
    body, x, y, row = [], left, top + size, size + 7
    indent = 16 if dots else 24
    for tone, label in items:
        label = _shorten(label, max(int((width - left - indent) / (size * 0.6)), 4))
        needed = indent + text_width(label, size)
        if x > left and x + needed > width:
            x, y = left, y + row
        if dots:
            body.append(_tag("circle", cx=x + 6, cy=y - 4, r=6, fill=colour(tone)))
        else:
            body.append(
                _tag(
                    "line",
                    x1=x,
                    y1=y - 4,
                    x2=x + 18,
                    y2=y - 4,
                    stroke=colour(tone),
                    stroke_width=3,
                )
            )
        body.append(_text(x + indent, y, label, size=size))
        x += needed + 16
    return body, (y - top + 4 if items else 0)


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_labels: Sequence[str],
    marker: Marker | None = None,
    y_label: str = "",
    value_format: Callable[[float], str] = _number,
    y_range: tuple[int, int] | None = None,
    min_step: float = 0,
    width: int = 640,
    height: int = 300,
    font_size: int = 10,
) -> SafeString:
    """One or more lines over shared x labels, a zero line, an optional vertical marker.

    `y_range` fixes the value axis to whole numbers from..to (a 1-5 scale is drawn 1-5
    whatever the data); otherwise the axis runs over round ticks covering the data and
    zero. A value of None leaves a gap in its line. The left margin, the x label spacing
    and the legend rows follow the width of the texts, so nothing overlaps in German or
    Dutch.
    """
    values = [v for s in series for v in s.values if v is not None] or [0.0]
    if y_range is not None:
        ticks = [float(v) for v in range(y_range[0], y_range[1] + 1)]
        low, high = ticks[0], ticks[-1]
    else:
        ticks = _nice_ticks(min(min(values), 0), max(max(values), 0), min_step=min_step)
        low, high = (ticks[0], ticks[-1]) if len(ticks) > 1 else (ticks[0] - 1, ticks[0] + 1)
    small, label_size = font_size, font_size + 1
    tick_texts = [value_format(tick) for tick in ticks]
    tick_room = max(text_width(text, small) for text in tick_texts)
    left = math.ceil(tick_room + 8 + (label_size + 8 if y_label else 0))
    if x_labels:  # the first x label is centred on the axis: room for its left half
        left = max(left, math.ceil(text_width(x_labels[0], small) / 2) + 4)
    right, top = max(16, math.ceil(text_width(x_labels[-1], small) / 2) + 4 if x_labels else 16), 16
    legend_items = [(line.tone, line.label) for line in series]
    legend_left = left if width >= 480 else 8  # a phone's drawing needs the whole width
    _, legend_height = _legend(
        legend_items, left=legend_left, width=width - 4, top=0, size=label_size
    )
    bottom = small + 14 + legend_height + 8
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = max(len(x_labels) - 1, 1)

    def px(index: float) -> float:
        return left + plot_w * index / steps

    def py(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    body = []
    for tick, text in zip(ticks, tick_texts, strict=True):
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
                left - 6, py(tick) + small * 0.35, text, size=small, tone="muted", text_anchor="end"
            )
        )
    widest = max((text_width(label, small) for label in x_labels), default=0)
    every = max(1, math.ceil((widest + 6) / (plot_w / steps))) if len(x_labels) > 1 else 1
    for index, label in enumerate(x_labels):
        if index % every == 0:
            body.append(
                _text(
                    px(index),
                    top + plot_h + small + 6,
                    label,
                    size=small,
                    tone="muted",
                    text_anchor="middle",
                )
            )
    if y_label:
        centre = top + plot_h / 2
        body.append(
            _text(
                label_size + 2,
                centre,
                _shorten(y_label, max(int(plot_h / (label_size * 0.6)), 4)),
                size=label_size,
                text_anchor="middle",
                transform=f"rotate(-90 {label_size + 2} {centre:.1f})",
            )
        )
    for line in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(line.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{px(i):.1f},{py(v):.1f}")
        for run in runs:
            if len(run) > 1:
                body.append(
                    _tag(
                        "polyline",
                        points=" ".join(run),
                        fill="none",
                        stroke=colour(line.tone),
                        stroke_width=2.5,
                    )
                )
        for i, v in enumerate(line.values):
            if v is None:
                continue
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
        # Beside the line where it fits, else on the other side, broken onto a second
        # line rather than cut: "paid back in month 21" must keep its number.
        side = max(left + plot_w - mx, mx - left) - 4
        lines = [marker.label]
        if text_width(marker.label, label_size) + 4 > side:
            lines = _wrap(marker.label, max(int(side / (label_size * 0.6)), 4))
        room = max(text_width(line, label_size) for line in lines) + 4
        anchor = "start" if mx + room <= left + plot_w else "end"
        if anchor == "end" and mx - room < left:
            mx = left + room  # too wide either side: keep the whole label inside the plot
        offset = -4 if anchor == "end" else 4
        spans = "".join(
            _tag("tspan", escape(line), x=mx + offset, y=top + label_size * (1 + 1.2 * number))
            for number, line in enumerate(lines)
        )
        body.append(
            _tag(
                "text",
                spans,
                font_size=label_size,
                fill=colour(marker.tone),
                text_anchor=anchor,
            )
        )
    legend, _ = _legend(
        legend_items,
        left=legend_left,
        width=width - 4,
        top=height - legend_height - 4,
        size=label_size,
    )
    body += legend
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
    texts = [value_format(bar.value) + (f" · {bar.note}" if bar.note else "") for bar in bars]
    value_room = max([110, *(text_width(text, 11) + 10 for text in texts)])
    plot = max(width - label_width - value_room, 40)
    width = max(width, math.ceil(label_width + plot + value_room))
    label_chars = max(int((label_width - 8) / (12 * 0.6)), 4)
    height = top * 2 + row * len(bars)
    body = []
    for index, bar in enumerate(bars):
        y = top + index * row
        # A value beyond the maximum fills the track; its number says how far beyond.
        length = plot * min(max(bar.value, 0) / most, 1) if most else 0
        body.append(_text(4, y + 16, _shorten(bar.label, label_chars), size=12))
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
        body.append(_text(label_width + plot + 6, y + 16, texts[index], size=11, tone="muted"))
    return _svg(width, height, title, body, "chart chart--bars")
