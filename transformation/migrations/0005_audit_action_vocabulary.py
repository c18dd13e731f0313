"""Audit actions follow one vocabulary (transformation/audit.py): `<entity>.<what happened>`.

The codes written before it that named their app instead of their entity
(`roi.cost_added`) or ran the entity's words together (`usecase.moved`) are
renamed in place, so old rows show their sentence and filters by action find
them. Only the code changes; the rest of each row stays as written.
"""

from django.db import migrations

RENAMED = {
    "usecase.created": "use_case.created",
    "usecase.changed": "use_case.changed",
    "usecase.classified": "use_case.classified",
    "usecase.moved": "use_case.moved",
    "casestudy.updated": "case_study.updated",
    "casestudy.results_updated": "case_study.results_updated",
    "casestudy.published": "case_study.published",
    "casestudy.shared": "case_study.shared",
    "casestudy.share_withdrawn": "case_study.share_withdrawn",
    "casestudy.drafted": "case_study.drafted",
    "role.assigned": "role_assignment.created",
    "role.changed": "role_assignment.changed",
    "training.offer_created": "training_offer.created",
    "training.offer_changed": "training_offer.changed",
    "training.session_added": "training_session.added",
    "training.attendance_recorded": "attendance.recorded",
    "training.attendance_removed": "attendance.removed",
    "roi.kpi_chosen": "use_case_kpi.chosen",
    "roi.kpi_changed": "use_case_kpi.changed",
    "roi.kpi_removed": "use_case_kpi.removed",
    "roi.baseline_recorded": "baseline.recorded",
    "roi.baseline_corrected": "baseline.corrected",
    "roi.measurement_recorded": "measurement.recorded",
    "roi.measurement_removed": "measurement.removed",
    "roi.measurements_imported": "measurement.imported",
    "roi.cost_added": "cost.added",
    "roi.cost_removed": "cost.removed",
    "roi.value_plan_changed": "value_plan.changed",
    "roi.discount_rate_changed": "discount_rate.changed",
}


def _rename(apps, mapping):
    # The historical model has a plain manager: the append-only guard of the
    # real one (and its tenant scope) does not apply to this one-off rename.
    events = apps.get_model("transformation", "AuditEvent").objects
    for old, new in mapping.items():
        events.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("transformation", "0004_boardreport_reportsettings")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
