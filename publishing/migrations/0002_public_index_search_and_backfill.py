"""The GIN index of the search document (PostgreSQL only), and the index filled from the
verdicts that were public before it existed."""

from django.db import migrations

INDEX = "public_fc_document_idx"


def create_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON publishing_publicfactcheck USING gin (document)"
        )


def drop_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def backfill(apps, schema_editor):
    from publishing.services import public_index_rebuild

    public_index_rebuild(
        entry_model=apps.get_model("publishing", "PublicFactCheck"),
        verdict_model=apps.get_model("claims", "Verdict"),
    )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_public_index")]
    operations = [
        migrations.RunPython(create_gin, drop_gin),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
