"""Figures that need each respondent's own answers, one SQL statement each.

The bars (how many people have each rounded mean on a scale) and Cronbach's
alpha (over the people who answered every item). Released answers only,
like every other figure (see services/releases.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from assessments.models import Answer, Item, Wave
from assessments.results.scoring import SCORED_KINDS, cronbach_alpha


def _score_sql(scored: list[Item]) -> str:
    """The score of answer `a` in SQL: reverse items score high + low - raw."""
    score_cases = " ".join(
        f"WHEN {int(item.pk)} THEN {sum(item.points)} - a.value" for item in scored if item.reverse
    )
    return f"CASE a.item_id {score_cases} ELSE a.value END" if score_cases else "a.value"


def _department_sql(department_ids: list[int | None] | None) -> tuple[str, list[int]]:
    """`AND (...)` restricting answers `a` to these departments (None: no department)."""
    if department_ids is None:
        return "", []
    ids = [pk for pk in department_ids if pk is not None]
    parts = []
    if ids:
        parts.append(f"a.department_id IN ({', '.join(['%s'] * len(ids))})")
    if None in department_ids:
        parts.append("a.department_id IS NULL")
    return f"AND ({' OR '.join(parts) or '1 = 0'})", ids


def people_by_mean(
    wave: Wave, items: list[Item], department_ids: list[int | None] | None
) -> dict[int, dict[int, int]]:
    """Per scored scale: how many respondents have each (rounded) mean score. One statement.

    Each respondent's mean over the items they answered is rounded half up to
    a whole point (ROUND of a numeric on PostgreSQL, of a float on SQLite:
    both half away from zero, and means are never negative).
    """
    scored = [item for item in items if item.scale.kind in SCORED_KINDS]
    if not scored:
        return {}
    answer, item_table = Answer._meta.db_table, Item._meta.db_table
    score = _score_sql(scored)
    params: list = [wave.pk, *[item.pk for item in scored]]
    department_filter, department_params = _department_sql(department_ids)
    params += department_params
    sql = f"""
        WITH per_person AS (
            SELECT i.scale_id AS sid, AVG({score}) AS m
            FROM {answer} a
            JOIN {item_table} i ON i.id = a.item_id
            WHERE a.wave_id = %s AND a.item_id IN ({", ".join(["%s"] * len(scored))})
            AND a.value IS NOT NULL AND a.release_id IS NOT NULL {department_filter}
            GROUP BY a.response_id, i.scale_id
        )
        SELECT sid, ROUND(m), COUNT(*) FROM per_person GROUP BY sid, ROUND(m)
    """  # noqa: S608 - only integer ids and placeholders are interpolated
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for sid, bucket, count in cursor.fetchall():
            counts[sid][int(bucket)] = int(count)
    return counts


def alphas(
    wave: Wave, items: list[Item], department_ids: list[int | None] | None
) -> dict[int, tuple[float | None, int]]:
    """Cronbach's alpha per scored scale over the respondents who answered every item.

    One SQL statement: item variances and the variance of the total score,
    both over complete cases (listwise deletion).
    """
    scored = [
        item
        for item in items
        if item.scale.kind in SCORED_KINDS and item.type != Item.Type.MULTIPLE
    ]
    k_by_scale: dict[int, int] = defaultdict(int)
    for item in scored:
        k_by_scale[item.scale_id] += 1
    scored = [item for item in scored if k_by_scale[item.scale_id] >= 2]
    if not scored:
        return {}
    answer, item_table = Answer._meta.db_table, Item._meta.db_table
    score = _score_sql(scored)
    k_cases = " ".join(f"WHEN {int(pk)} THEN {int(k)}" for pk, k in k_by_scale.items() if k >= 2)
    params: list = [wave.pk, *[item.pk for item in scored]]
    item_marks = ", ".join(["%s"] * len(scored))
    department_filter, department_params = _department_sql(department_ids)
    params += department_params
    sql = f"""
        WITH scored AS (
            SELECT a.response_id AS rid, i.scale_id AS sid, a.item_id AS iid, {score} AS s
            FROM {answer} a
            JOIN {item_table} i ON i.id = a.item_id
            WHERE a.wave_id = %s AND a.item_id IN ({item_marks}) AND a.value IS NOT NULL
            AND a.release_id IS NOT NULL
            {department_filter}
        ),
        complete AS (
            SELECT rid, sid, SUM(s) AS total FROM scored GROUP BY rid, sid
            HAVING COUNT(*) = CASE sid {k_cases} ELSE -1 END
        )
        SELECT sid, NULL AS iid, VAR_SAMP(total), COUNT(*) FROM complete GROUP BY sid
        UNION ALL
        SELECT s.sid, s.iid, VAR_SAMP(s.s), COUNT(*) FROM scored s
        JOIN complete c ON c.rid = s.rid AND c.sid = s.sid
        GROUP BY s.sid, s.iid
    """  # noqa: S608 - only integer ids and placeholders are interpolated
    totals: dict[int, tuple[float, int]] = {}
    item_variances: dict[int, list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for sid, iid, variance, count in cursor.fetchall():
            if iid is None:
                totals[sid] = (float(variance or 0), int(count))
            else:
                item_variances[sid].append(float(variance or 0))
    return {
        sid: (cronbach_alpha(k_by_scale[sid], item_variances[sid], variance), count)
        for sid, (variance, count) in totals.items()
    }
