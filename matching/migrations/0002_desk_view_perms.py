"""Every desk role may read other desks' fact-checks in the admin (they are never edited)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("Fact-checker", "Editor", "Admin")
CODENAMES = ("view_externalclaim", "view_externalreview")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("matching")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    grant_view(apps)


def grant_view(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="matching", codename__in=CODENAMES)
    for name in ROLES:
        Group.objects.get_or_create(name=name)[0].permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial"), ("claims", "0003_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
