import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_responses(apps, schema_editor):
    Answer = apps.get_model("assessments", "Answer")
    Response = apps.get_model("assessments", "Response")
    response = Response.objects.filter(pk=OuterRef("response_id"))
    Answer.objects.update(
        wave_id=Subquery(response.values("wave_id")[:1]),
        department_id=Subquery(response.values("department_id")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0001_initial"),
        ("transformation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="wave",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="assessments.wave",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="transformation.department",
            ),
        ),
        migrations.RunPython(copy_from_responses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="answer",
            name="wave",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="assessments.wave",
            ),
        ),
        migrations.RemoveIndex(
            model_name="answer",
            name="assessments_item_id_c39dc5_idx",
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                fields=["wave", "item", "value"], name="assessments_wave_id_7baa84_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                fields=["wave", "department", "item"], name="assessments_wave_id_fde20e_idx"
            ),
        ),
    ]
