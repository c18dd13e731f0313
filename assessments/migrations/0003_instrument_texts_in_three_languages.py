"""Instrument name, description and construct source in English, German and Dutch.

The single-language columns become the English ones. Rows of the shipped
instruments whose text is still the shipped English one get the shipped
German and Dutch texts; any other text is kept for all three languages,
exactly as an import of a plain string treats it.
"""

import json
from pathlib import Path

from django.db import migrations, models

FIELDS = ("name", "description", "source")
SHIPPED = Path(__file__).resolve().parents[1] / "instruments"


def _shipped_texts() -> dict[tuple[str, str, str], dict[str, str]]:
    """(key, field, English text) -> {"de": ..., "nl": ...} from the shipped files."""
    texts = {}
    for path in SHIPPED.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for field in FIELDS:
            value = data.get(field)
            if isinstance(value, dict) and value.get("en"):
                texts[(data["key"], field, value["en"])] = value
    return texts


def fill_german_and_dutch(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    shipped = _shipped_texts()
    for instrument in Instrument.objects.all().iterator():
        for field in FIELDS:
            english = getattr(instrument, f"{field}_en")
            translated = shipped.get((instrument.key, field, english), {})
            for language in ("de", "nl"):
                setattr(instrument, f"{field}_{language}", translated.get(language) or english)
        instrument.save(update_fields=[f"{f}_{lang}" for f in FIELDS for lang in ("de", "nl")])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_answer_wave_department"),
    ]

    operations = [
        migrations.RenameField(model_name="instrument", old_name="name", new_name="name_en"),
        migrations.RenameField(
            model_name="instrument", old_name="description", new_name="description_en"
        ),
        migrations.RenameField(model_name="instrument", old_name="source", new_name="source_en"),
        migrations.AlterModelOptions(
            name="instrument",
            options={
                "ordering": ["name_en", "-version"],
                "verbose_name": "instrument",
                "verbose_name_plural": "instruments",
            },
        ),
        migrations.AlterField(
            model_name="instrument",
            name="name_en",
            field=models.CharField(max_length=200, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="instrument",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (German)"),
        ),
        migrations.AddField(
            model_name="instrument",
            name="name_nl",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Dutch)"),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AddField(
            model_name="instrument",
            name="description_de",
            field=models.TextField(blank=True, verbose_name="description (German)"),
        ),
        migrations.AddField(
            model_name="instrument",
            name="description_nl",
            field=models.TextField(blank=True, verbose_name="description (Dutch)"),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="source_en",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="construct source (English)"
            ),
        ),
        migrations.AddField(
            model_name="instrument",
            name="source_de",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="construct source (German)"
            ),
        ),
        migrations.AddField(
            model_name="instrument",
            name="source_nl",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="construct source (Dutch)"
            ),
        ),
        migrations.RunPython(fill_german_and_dutch, migrations.RunPython.noop),
    ]
