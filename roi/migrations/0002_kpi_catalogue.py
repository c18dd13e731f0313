from django.db import migrations


def load_catalogue(apps, schema_editor):
    from roi.catalogue import CATALOGUE

    Kpi = apps.get_model("roi", "Kpi")
    for position, row in enumerate(CATALOGUE, start=1):
        key, area, dimension, higher_is_better, names, units, methods = row
        values = {"application_area": area, "dimension": dimension}
        values["higher_is_better"] = higher_is_better
        values["position"] = position
        for index, language in enumerate(("en", "de", "nl")):
            values[f"name_{language}"] = names[index]
            values[f"unit_{language}"] = units[index]
            values[f"method_{language}"] = methods[index]
        Kpi.objects.update_or_create(organisation=None, key=key, defaults=values)


def unload_catalogue(apps, schema_editor):
    Kpi = apps.get_model("roi", "Kpi")
    Kpi.objects.filter(organisation=None, uses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("roi", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, unload_catalogue)]
