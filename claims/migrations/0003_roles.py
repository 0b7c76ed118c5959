"""Seed the three desk roles as groups with their permissions.

Permissions are normally created after migrations run, so they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACT_CHECKER = {
    "claims": {
        "claim": ["view", "add", "change", "triage"],
        "speaker": ["view", "add", "change"],
        "speakeralias": ["view", "add", "change", "delete"],
        "topic": ["view", "add", "change"],
        "appearance": ["view", "add", "change"],
        "evidence": ["view", "add", "change", "delete"],
        "verdict": ["view", "add", "change"],
        "ratingscale": ["view"],
        "rating": ["view"],
    },
    "sources": {"source": ["view", "add", "change"]},
}
EDITOR_EXTRA = {
    "claims": {
        "claim": ["merge", "delete"],
        "verdict": ["approve", "publish", "correct"],
        "ratingscale": ["change"],
        "rating": ["change", "add"],
    },
}


def _codename(action, model):
    suffix = {"triage": "claim", "merge": "claim"}.get(action)
    if suffix:
        return f"{action}_{suffix}"
    if action in ("approve", "publish", "correct"):
        return f"{action}_verdict"
    return f"{action}_{model}"


def _perms(Permission, spec):
    out = []
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                out.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=_codename(action, model)
                    )
                )
    return out


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    seed_roles(apps)


def seed_roles(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    checker_perms = _perms(Permission, FACT_CHECKER)
    editor_perms = checker_perms + _perms(Permission, EDITOR_EXTRA)
    Group.objects.get_or_create(name="Fact-checker")[0].permissions.set(checker_perms)
    Group.objects.get_or_create(name="Editor")[0].permissions.set(editor_perms)
    admin_perms = Permission.objects.filter(
        content_type__app_label__in=["claims", "sources", "auth"]
    )
    Group.objects.get_or_create(name="Admin")[0].permissions.set(admin_perms)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_rating_scales"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
