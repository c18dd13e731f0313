from django.db import migrations


def load_catalogue(apps, schema_editor):
    from roi.catalogue import install

    install(apps.get_model("roi", "Kpi"))


def unload_catalogue(apps, schema_editor):
    Kpi = apps.get_model("roi", "Kpi")
    Kpi.objects.filter(organisation=None, uses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("roi", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, unload_catalogue)]
