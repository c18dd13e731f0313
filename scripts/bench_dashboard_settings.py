"""Production settings for `scripts/bench_dashboard.py`'s gunicorn, with its trivial page."""

from transformation.settings import *  # noqa: F403

ROOT_URLCONF = "bench_dashboard_urls"
