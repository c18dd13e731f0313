"""Unlinkable answers in the live database: a wave's answer rows are rewritten together.

The schema keeps who answered (`Participation.has_answered`) apart from what
was answered (`Response`, `Answer`), but PostgreSQL links them by itself.
Answering is one transaction, so that the link, the form token and the
response are used up together or not at all (exactly once). Every row that
transaction writes carries its id in the system column `xmin`; transaction
ids grow, so their order is the order in which people answered; and new row
versions sit in the table files in the order they were written (`ctid`). A
query joining on `xmin` matched every respondent's e-mail to their answers.

So the answering transaction stays as it is, and soon after it the wave is
*mixed*: one transaction deletes and re-inserts every answered participation
and every response, answer and used form token of the wave, each table in the
order of its primary key. Afterwards all of them carry the mixing
transaction's id, and where they sit depends on that key order and on the
table's free space, never on who answered when: responses, answers and
tokens have random UUIDs; participations are numbered in invitation order.

Choices, and why:
- Every mix covers the whole wave, not only the rows that arrived since the
  last one. A batch of the new rows alone would keep a transaction id of its
  own, so its few respondents could be told apart from earlier batches, and
  within a small batch the department (copied to the response by design)
  would often single a person out. Mixed as a whole, a respondent hides
  among everybody of the wave who has answered so far.
- Rows are deleted and re-inserted, not updated: PostgreSQL may keep an
  updated row's new version on the page of the old one, so the pages would
  still tell the order of answering. Every column (keys included) is copied
  unchanged, in one transaction that commits whole or not at all, so no
  answer is lost or doubled, and form tokens stay used.
- Answering holds a share lock on the wave row for its whole transaction
  (`hold_wave_for_answering`); the mix takes an exclusive one. The mix waits
  for answers being stored, new answers wait for the mix (milliseconds for a
  few hundred responses), and the rows the mix copies are exactly the rows
  it deletes. Releases and the retention purge take the same exclusive lock;
  anything else that changes or deletes a wave's answered participations,
  responses or answers must take it too, or a statement could miss the rows
  a concurrent mix re-inserted. Updates that concern only the unanswered
  (invitations, reminders) do not meet the mix.
- When: a few seconds after an answer commits (one task per wave waits at a
  time, so answers arriving together are checked and mixed together; see
  `services.releases.queue_release`), as long as the waiting responses are
  at least 1/MIX_GROWTH of the wave's responses (so after every answer in a
  wave of up to MIX_GROWTH respondents, and in steps of 5% beyond, so that
  these rewrites add up to about MIX_GROWTH times the wave, not its square);
  every minute by the beat for what is left (at most one rewrite of a wave
  a minute: a second or so for 5,000 responses of 30 answers); and inside
  every result release, so results only ever contain mixed rows.
- SQLite has neither `xmin` nor `ctid`, but rows get a `rowid` in insertion
  order; the same statements run there and put the rows in key order.

Residual risk (described for the works council in works_council.html):
until a mix has run, the newest answers of a wave can still be joined to
their respondents (normally for milliseconds; up to the beat's minute in a
large wave); the old row versions stay in the table files until VACUUM
reuses their space, and stay in the write-ahead log, in physical backups and
replicas taken meanwhile, and in PostgreSQL's logs if statements are logged.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, Model, Q

from assessments.models import Answer, Participation, Response, SubmissionToken, Wave

# A wave is mixed after an answer while its unmixed responses are at least 1/MIX_GROWTH of all.
MIX_GROWTH = 20


def hold_wave_for_answering(wave: Wave) -> None:
    """Inside the answering transaction: no mix of this wave runs until it ends.

    FOR KEY SHARE conflicts only with FOR UPDATE (the mix, a release), so
    answers never wait for each other, nor for edits of the wave. SQLite
    has one writer at a time and needs no lock.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Wave._meta.db_table)
        lock = f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE"  # noqa: S608 - the model's table
        with connection.cursor() as cursor:
            cursor.execute(lock, [wave.pk])


def mix_is_due(*, wave: Wave) -> bool:
    """Whether enough of the wave's responses wait to be mixed for a mix right after answering."""
    counts = Response.objects.filter(wave=wave).aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(is_mixed=False))
    )
    return counts["waiting"] > 0 and counts["waiting"] * MIX_GROWTH >= counts["total"]


@transaction.atomic
def mix_answers(*, wave: Wave, only_if_due: bool = False) -> int:
    """Re-insert the wave's answered participations, responses, answers and used form tokens,
    in key order, in one transaction; returns how many responses were waiting (0: no write)."""
    list(Wave.objects.select_for_update().filter(pk=wave.pk).values_list("pk"))
    waiting = Response.objects.filter(wave=wave, is_mixed=False).count()
    if not waiting or (only_if_due and not mix_is_due(wave=wave)):
        return 0
    _reinsert_in_key_order(Participation, wave=wave, condition="has_answered")
    _reinsert_in_key_order(Response, wave=wave, mark="is_mixed")
    _reinsert_in_key_order(Answer, wave=wave)
    _reinsert_in_key_order(SubmissionToken, wave=wave)
    return waiting


def _reinsert_in_key_order(
    model: type[Model], *, wave: Wave, condition: str = "", mark: str = ""
) -> None:
    """Copy the wave's rows aside, delete them, insert the copies sorted by primary key.

    `condition` is a further boolean column the rows must have set; `mark` a
    boolean column set on the copies. Plain SQL, so the rows never pass
    through Python: a wave of thousands of answers is copied by the database.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    stash = quote(f"mixing_{model._meta.db_table}")
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join("TRUE" if field.column == mark else quote(field.column) for field in fields)
    where = f"{quote('wave_id')} = {int(wave.pk)}"
    if condition:
        where += f" AND {quote(condition)}"
    key = quote(model._meta.pk.column)
    # Only names from the model and an integer id are interpolated.
    statements = [
        f"CREATE TEMPORARY TABLE {stash} AS SELECT {columns} FROM {table} WHERE {where}",  # noqa: S608
        f"DELETE FROM {table} WHERE {where}",  # noqa: S608
        f"INSERT INTO {table} ({columns}) SELECT {values} FROM {stash} ORDER BY {key}",  # noqa: S608
        f"DROP TABLE {stash}",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
