"""A GIN full-text index for the public ``?q=`` search of claims (PostgreSQL only).

It lives here rather than in ``claims`` because it is an API concern and the expression must
match ``claims.api.selectors.search_claims`` exactly:
``to_tsvector('english', COALESCE(claim_reviewed, '') || ' ' || COALESCE(text, ''))``.
On SQLite the search falls back to ``icontains`` and nothing is created.
"""

from django.db import migrations

INDEX = "claim_fts_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(claim_reviewed, '') || ' ' || COALESCE(text, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("claims", "0003_roles"),
    ]
    operations = [migrations.RunPython(create, drop)]
