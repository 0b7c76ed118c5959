"""A published verdict's content is frozen by the database too, not only by ``save()``.

``QuerySet.update()`` and raw SQL skip model methods; this trigger refuses any change to the
content of a published, superseded or retracted version (only its status may move, which is
how a correction supersedes it). PostgreSQL only; SQLite (the quickstart) relies on save().
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION claims_verdict_refuse_public_edit() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN ('published', 'superseded', 'retracted') AND (
        NEW.headline IS DISTINCT FROM OLD.headline
        OR NEW.summary IS DISTINCT FROM OLD.summary
        OR NEW.rationale IS DISTINCT FROM OLD.rationale
        OR NEW.rating_id IS DISTINCT FROM OLD.rating_id
        OR NEW.claim_id IS DISTINCT FROM OLD.claim_id
        OR NEW.author_id IS DISTINCT FROM OLD.author_id
        OR NEW.correction_note IS DISTINCT FROM OLD.correction_note
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
    ) THEN
        RAISE EXCEPTION 'A published verdict cannot be changed in place; publish a correction.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS claims_verdict_refuse_public_edit ON claims_verdict;
CREATE TRIGGER claims_verdict_refuse_public_edit
    BEFORE UPDATE ON claims_verdict
    FOR EACH ROW EXECUTE FUNCTION claims_verdict_refuse_public_edit();
"""
DROP = """
DROP TRIGGER IF EXISTS claims_verdict_refuse_public_edit ON claims_verdict;
DROP FUNCTION IF EXISTS claims_verdict_refuse_public_edit();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_roles")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
