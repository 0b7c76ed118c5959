"""Intake's "possible duplicate of ..." marks, which every desk role may read."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ROLES = ("Fact-checker", "Editor", "Admin")


def grant_view(apps, schema_editor):
    app_config = apps.get_app_config("matching")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perm = Permission.objects.filter(
        content_type__app_label="matching", codename="view_possibleduplicate"
    )
    for name in ROLES:
        Group.objects.get_or_create(name=name)[0].permissions.add(*perm)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0014_merge_review_loop'),
        ('matching', '0002_desk_view_perms'),
    ]

    operations = [
        migrations.CreateModel(
            name='PossibleDuplicate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('similarity', models.FloatField()),
                ('number_warning', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='possible_duplicates', to='claims.claim')),
                ('of', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim')),
            ],
            options={
                'ordering': ['-similarity', 'id'],
                'constraints': [models.UniqueConstraint(fields=('claim', 'of'), name='possible_duplicate_unique_pair'), models.CheckConstraint(condition=models.Q(('claim', models.F('of')), _negated=True), name='possible_duplicate_not_itself')],
            },
        ),
        migrations.RunPython(grant_view, migrations.RunPython.noop),
    ]
