"""The claim table is scanned without parallel workers (PostgreSQL's ``parallel_workers``
storage parameter, https://www.postgresql.org/docs/current/sql-createtable.html#RELOPTION-PARALLEL-WORKERS).

The desk's queries on it walk an index until they have a page (``LIMIT 50``) or the capped
count (``LIMIT 1001``). A parallel plan splits that walk among workers that each walk on
until the leader has enough rows, and pays their start-up first: at 1,000,000 claims the claim
list filtered by a publisher behind 1% of the claims took 65-100 ms with two workers and 15-22
ms without (``bench/claim_list.py``), and the dashboard's count by status was no faster with
them (122 against 112 ms). Other tables keep the server's setting. No-op on SQLite.
"""

from django.db import migrations


def _serial(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE claims_claim SET (parallel_workers = 0)")


def _default(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE claims_claim RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_notification_verb_approval_voided")]

    operations = [migrations.RunPython(_serial, _default)]
