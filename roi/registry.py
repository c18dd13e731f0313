"""Payback periods to compare the programme with, filled by other apps.

The case-studies app registers its published cases here from its
`plugins.register()`, so roi never imports it:

    from roi.registry import BenchmarkSource, payback_benchmarks

    payback_benchmarks.register(
        BenchmarkSource(key="casestudies", benchmarks=published_paybacks)
    )

where `published_paybacks(organisation)` returns `PaybackBenchmark` rows.
With nothing registered the programme page says so in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from transformation.registry import Registry

if TYPE_CHECKING:
    from transformation.models import Organisation


@dataclass(frozen=True)
class PaybackBenchmark:
    """A reference project: how long it took to pay back its investment."""

    label: Any  # text or a lazy translation
    payback_months: int
    investment: Decimal | None = None
    url: str = ""


@dataclass(frozen=True)
class BenchmarkSource:
    key: str
    benchmarks: Callable[[Organisation], Iterable[PaybackBenchmark]]
    order: int = 100


payback_benchmarks: Registry[BenchmarkSource] = Registry()


def benchmarks_for(organisation: Organisation) -> list[PaybackBenchmark]:
    """Every registered benchmark for `organisation`, shortest payback first."""
    rows = [
        benchmark
        for source in payback_benchmarks.all()
        for benchmark in source.benchmarks(organisation)
    ]
    return sorted(rows, key=lambda b: (b.payback_months, str(b.label)))
