"""Geometry of a server-rendered SVG chart, read back from its markup.

Text boxes are estimated like the chart code does: 0.6 em a character, the
baseline 0.8 em below the top. Rotations of the form rotate(-90 cx cy) (the
vertical axis titles) are applied; nothing else in the charts is transformed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
SLACK = 0.5  # pixels of rounding in the markup


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str = ""

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right - SLACK
            and other.left < self.right - SLACK
            and self.top < other.bottom - SLACK
            and other.top < self.bottom - SLACK
        )

    def inside(self, width: float, height: float) -> bool:
        return (
            self.left >= -SLACK
            and self.top >= -SLACK
            and self.right <= width + SLACK
            and self.bottom <= height + SLACK
        )


@dataclass
class Chart:
    width: float
    height: float
    texts: list[Box]
    marks: list[Box]
    root: ET.Element

    def text(self, content: str) -> list[Box]:
        return [box for box in self.texts if box.what == content]


def _f(element: ET.Element, name: str, default: float = 0.0) -> float:
    value = element.get(name)
    return float(value) if value not in (None, "") else default


def _rotated(box: Box, transform: str | None) -> Box:
    if not transform:
        return box
    match = re.fullmatch(r"rotate\((-?90) ([\d.]+) ([\d.]+)\)", transform.strip())
    assert match, f"unexpected transform {transform!r}"
    cx, cy = float(match.group(2)), float(match.group(3))
    # rotate(-90): (x, y) -> (cx + (y - cy), cy - (x - cx))
    corners = [
        (cx + (y - cy), cy - (x - cx)) for x in (box.left, box.right) for y in (box.top, box.bottom)
    ]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return Box(min(xs), min(ys), max(xs), max(ys), box.what)


def _text_box(x: float, y: float, text: str, size: float, anchor: str) -> Box:
    width = len(text) * size * 0.6
    left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
    return Box(left, y - size * 0.8, left + width, y + size * 0.2, text)


def parse(markup: str) -> Chart:
    root = ET.fromstring(str(markup))  # noqa: S314 - our own chart markup
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    texts, marks = [], []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        if tag == "text":
            size = _f(element, "font-size", 12)
            anchor = element.get("text-anchor", "start")
            spans = element.findall(f"{SVG}tspan")
            lines = (
                [(_f(s, "x"), _f(s, "y"), s.text or "") for s in spans]
                if spans
                else [(_f(element, "x"), _f(element, "y") + _f(element, "dy"), element.text or "")]
            )
            for x, y, content in lines:
                box = _text_box(x, y, content, size, anchor)
                texts.append(_rotated(box, element.get("transform")))
        elif tag == "rect":
            x, y = _f(element, "x"), _f(element, "y")
            marks.append(Box(x, y, x + _f(element, "width"), y + _f(element, "height"), "rect"))
        elif tag == "circle":
            cx, cy, r = _f(element, "cx"), _f(element, "cy"), _f(element, "r")
            marks.append(Box(cx - r, cy - r, cx + r, cy + r, "circle"))
        elif tag == "line":
            x1, y1, x2, y2 = (_f(element, n) for n in ("x1", "y1", "x2", "y2"))
            marks.append(Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2), "line"))
        elif tag == "polyline":
            pairs = [tuple(map(float, p.split(","))) for p in element.get("points").split()]
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
            marks.append(Box(min(xs), min(ys), max(xs), max(ys), "polyline"))
        elif tag == "g":
            assert not element.get("transform"), "groups are not transformed"
    return Chart(width, height, texts, marks, root)


def drawings(markup: str) -> list[str]:
    """The SVG drawings in a piece of markup (a chart drawn for screens holds two)."""
    return ["<svg" + part for part in str(markup).split("<svg")[1:]]


def problems(markup: str) -> list[str]:
    """Everything geometrically wrong with a chart: marks or texts outside the drawing
    area, texts overlapping each other, inline styles."""
    chart = parse(markup)
    found = []
    if "style=" in str(markup):
        found.append("inline style")
    for box in chart.marks + chart.texts:
        if not box.inside(chart.width, chart.height):
            found.append(f"outside {chart.width}×{chart.height}: {box}")
    texts = [box for box in chart.texts if box.what.strip()]
    for index, box in enumerate(texts):
        for other in texts[index + 1 :]:
            if box.overlaps(other):
                found.append(f"overlap: {box} / {other}")
    return found
