"""The Admin role manages integrations: API keys, webhook subscriptions and their log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("integrations")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    grant_admin(apps)


def grant_admin(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.add(*Permission.objects.filter(content_type__app_label="integrations"))


class Migration(migrations.Migration):
    dependencies = [("integrations", "0002_claim_fulltext_index"), ("claims", "0003_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
