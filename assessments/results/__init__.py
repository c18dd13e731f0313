"""Confidential-safe survey results, aggregated in the database.

Every figure passes through `assessments.confidentiality`: a page, a filter,
the CSV export, the overview card, the board report and other apps' KPIs all
call these functions, so they all apply the same thresholds. Each function
runs a fixed number of queries whatever the number of responses, reading
per-department sums rather than answers.

Import from here (`from assessments import results`, `from assessments.results
import wave_results`); the modules behind it are split by concern:

- `records`: the result dataclasses the templates read, and `width_class`;
- `scoring`: scores, eNPS, alpha and the released answers they read;
- `groups`: department groups and per-scale suppression;
- `sources`: where figures are summed from: the wave's tallies (kept per
  department as answers are released, see services/tallies.py; what every
  output reads), or the released answers themselves (the reference);
- `per_person`: bars and Cronbach's alpha from the answers, one SQL statement each;
- `waves`: all figures of one wave (`wave_results`), and the scale means of every
  department group of several waves at once (`group_scale_means`);
- `levels`: competence levels against their targets (the gap table);
- `trends`: a series over time (`trend`) and `scale_means` for several waves;
- `rates`: live response rates (`response_rate`).
"""

from assessments.results.groups import ScaleCounts, department_selection, released_counts
from assessments.results.rates import in_steps, response_rate
from assessments.results.records import (
    ALPHA_ACCEPTABLE,
    Bar,
    GapRow,
    GroupMeans,
    HeatCell,
    HeatRow,
    RateRow,
    ResponseRate,
    ScaleResult,
    Trend,
    TrendPoint,
    WaveResults,
    width_class,
)
from assessments.results.scoring import (
    AGREEMENT_LABELS,
    READINESS_SCALES,
    SCORED_KINDS,
    cronbach_alpha,
    enps,
    released_scored_answers,
    scored_sum,
)
from assessments.results.trends import COLOURS, scale_means, trend
from assessments.results.waves import group_scale_means, wave_results

__all__ = [
    "AGREEMENT_LABELS",
    "ALPHA_ACCEPTABLE",
    "COLOURS",
    "READINESS_SCALES",
    "SCORED_KINDS",
    "Bar",
    "GapRow",
    "GroupMeans",
    "HeatCell",
    "HeatRow",
    "RateRow",
    "ResponseRate",
    "ScaleCounts",
    "ScaleResult",
    "Trend",
    "TrendPoint",
    "WaveResults",
    "cronbach_alpha",
    "department_selection",
    "enps",
    "group_scale_means",
    "in_steps",
    "released_counts",
    "released_scored_answers",
    "response_rate",
    "scale_means",
    "scored_sum",
    "trend",
    "wave_results",
    "width_class",
]
