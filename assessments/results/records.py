"""The result records the pages, the CSV export and other apps read.

Plain dataclasses filled by `waves`, `rates` and `trends`; they only format
(widths, SVG coordinates, labels), they never query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assessments.confidentiality import Group
from assessments.models import Item, ResultRelease, Scale, Wave
from transformation import charts

ALPHA_ACCEPTABLE = 0.7


def width_class(percent: float) -> str:
    """A CSS width class (w-0 … w-100 in 5 % steps): no inline styles under the CSP."""
    return f"w-{max(0, min(100, 5 * round(percent / 5)))}"


@dataclass
class Bar:
    value: int
    label: str
    count: int
    percent: float

    @property
    def width(self) -> str:
        return width_class(self.percent)


@dataclass
class ScaleResult:
    scale: Scale
    n: int = 0
    mean: float | None = None
    bars: list[Bar] = field(default_factory=list)
    alpha: float | None = None
    alpha_n: int = 0
    visible: bool = True
    reason: str = ""
    item_count: int = 0
    # Why alpha is missing on a scale of several items (empty when it is shown).
    alpha_reason: str = ""
    # Bars count people: each respondent once, by their mean answer on the scale's items.
    people: int = 0

    @property
    def alpha_is_low(self) -> bool:
        return self.alpha is not None and self.alpha < ALPHA_ACCEPTABLE

    @property
    def mean_width(self) -> str:
        if self.mean is None:
            return "w-0"
        low, high = (0, 3) if self.scale.kind == Scale.Kind.LEVELS else (1, 5)
        return width_class(100 * (self.mean - low) / (high - low))


@dataclass
class GroupMeans:
    """A department group's scale means in one wave (`ScaleResult` with n, mean, visibility
    and reason only), or why the whole group is hidden."""

    group: Group
    visible: bool = True
    reason: str = ""
    scales: list[ScaleResult] = field(default_factory=list)


@dataclass
class HeatCell:
    mean: float | None
    delta: float | None

    @property
    def tone(self) -> str:
        if self.delta is None:
            return ""
        if self.delta >= 0.3:
            return "heat--high"
        if self.delta <= -0.3:
            return "heat--low"
        return "heat--mid"


@dataclass
class HeatRow:
    group: Group
    cells: list[HeatCell]


@dataclass
class GapRow:
    group: Group
    cells: list[tuple[Scale, float | None, float | None, float | None]]  # scale, mean, target, gap


@dataclass
class RateRow:
    group: Group
    answered: int | None
    rate: float | None

    @property
    def width(self) -> str:
        return width_class(self.rate or 0)


@dataclass
class ResponseRate:
    """Live participation, counted down to a multiple of the minimum group size.

    A count that moves by one would tell a coordinator watching the page when
    a department's next person answered, and with it which release holds them.
    """

    invited: int
    answered: int
    visible: bool
    rows: list[RateRow]
    step: int = 5

    @property
    def rate(self) -> float | None:
        if not self.visible or not self.invited:
            return None
        return round(100 * self.answered / self.invited, 1)

    @property
    def width(self) -> str:
        return width_class(self.rate or 0)


@dataclass
class WaveResults:
    wave: Wave
    minimum: int
    total_n: int
    groups: list[Group]
    selected: Group | None = None
    visible: bool = True
    reason: str = ""
    scales: list[ScaleResult] = field(default_factory=list)
    enps: int | None = None
    enps_n: int = 0
    enps_bars: list[Bar] = field(default_factory=list)
    phases: list[Bar] = field(default_factory=list)
    phase_n: int = 0
    choices: list[tuple[Item, int, list[Bar]]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    comments_reason: str = ""
    heat_scales: list[Scale] = field(default_factory=list)
    heatmap: list[HeatRow] = field(default_factory=list)
    org_means: list[float | None] = field(default_factory=list)
    gaps: list[GapRow] = field(default_factory=list)
    gap_scales: list[Scale] = field(default_factory=list)
    release: ResultRelease | None = None

    @property
    def n(self) -> int:
        return self.selected.n if self.selected else self.total_n


@dataclass
class TrendPoint:
    wave: Wave
    n: int
    means: dict[str, float | None]
    enps: int | None


@dataclass
class Trend:
    scales: list[tuple[str, str, str]]  # key, label, colour
    points: list[TrendPoint]
    hidden_waves: int = 0
    # The one series shown: a pulse series' name, or the instrument's one-off waves.
    title: str = ""
    levels: bool = False

    @property
    def scale_range(self) -> tuple[int, int]:
        """The drawn value axis: the answer scale itself (1 to 5, or 0 to 3 for skill levels)."""
        return (0, 3) if self.levels else (1, 5)

    def chart(
        self, *, title: str = "", width: int = 640, height: int = 260, font_size: int = 10
    ) -> SafeString | None:
        """The scale means per wave as a line chart, the same on the results page and in the
        board report; a mean hidden in a wave leaves a gap in its line."""
        if len(self.points) < 2:
            return None
        series = [
            charts.Series(label, [point.means.get(key) for point in self.points], colour)
            for key, label, colour in self.scales
            if any(point.means.get(key) is not None for point in self.points)
        ]
        if not series:
            return None
        low, high = self.scale_range
        return charts.line_chart(
            series,
            title=title or _("Scale means per wave"),
            x_labels=self.labels,
            y_range=(low, high),
            width=width,
            height=height,
            font_size=font_size,
        )

    def figure(self) -> SafeString | None:
        """The chart for the results page: the report's drawing and a phone's."""
        wide = self.chart()
        narrow = self.chart(width=320, height=300, font_size=12)
        return charts.for_screens(wide, narrow) if wide and narrow else None

    @property
    def labels(self) -> list[str]:
        """One label per wave, never repeated: its opening date, numbered when a date recurs."""
        dates = [
            date_format(timezone.localtime(p.wave.opens_at), "SHORT_DATE_FORMAT")
            for p in self.points
        ]
        seen: dict[str, int] = defaultdict(int)
        labels = []
        for label in dates:
            seen[label] += 1
            labels.append(label if dates.count(label) == 1 else f"{label} ({seen[label]})")
        return labels
