"""``manage.py publishing_reindex``: rebuild the public index from the verdicts.

Needed only after writes that bypassed the verdict services (``make_bench_data`` COPYs
verdicts straight into their table); the services keep the index up to date themselves.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from publishing.services import public_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the public index (publishing.PublicFactCheck) from the verdicts."

    def handle(self, *args, **options):
        total = public_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} public fact-checks."))
