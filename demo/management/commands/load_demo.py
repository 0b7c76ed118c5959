"""Load the demo desk: a fact-checker, two editors and an Admin, the seed article, one fully
worked fact-check and a few other desks' fact-checks (``demo/demo_data/other_desks_feed.json``)
for the "checked before?" panel and the public match endpoint.

Safe to run on a database in any state (twice, after the desk has retracted or corrected the
worked fact-check): everything is looked up before it is created, and a claim the desk has
already taken a verdict on is left as it is. Refuses to run with production settings, where
its well-known passwords would be a way in.

The demo's claims and imported fact-checks are embedded here, in the load, rather than left to
the background task: ``make demo`` runs no task worker, and the panel ranks with the stored
vectors. Only rows without a current vector are embedded, so a second load embeds nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import services
from claims.models import Claim, Rating
from claims.services import edits
from claims.services.review import emails_held
from demo.seed import (
    import_other_desks_fact_checks,
    ingest_seed_article,
    other_desks_fact_checks,
)
from factcheck.lib.permissions import SYSTEM
from matching.embeddings import embeddings_refresh
from matching.models import ExternalClaim
from sources.models import Source
from sources.services import source_create

# Two editors: a correction needs an approver who is neither its author nor its last editor.
DEMO_USERS = [
    ("factchecker", "factcheck-demo-2026", "Fact-checker", "Fay", "Checker"),
    ("editor", "editor-demo-2026", "Editor", "Eddie", "Torres"),
    ("editor2", "editor2-demo-2026", "Editor", "Edna", "Okafor"),
    ("admin", "admin-demo-2026", "Admin", "Ada", "Admin"),
]
REFUSED_IN_PRODUCTION = (
    "load_demo creates logins with published passwords; it does not run with "
    "FACTCHECK_ENV=production."
)
WORKED_STATEMENT = "more than 13,000 people have died"

UN_EVIDENCE = [
    {
        "kind": Source.Kind.OFFICIAL_REPORT,
        "title": "Conflict-related civilian casualties in Ukraine (as of 31 December 2021)",
        "url": "https://ukraine.un.org/sites/default/files/2022-02/Conflict-related%20civilian"
        "%20casualties%20as%20of%2031%20December%202021%20%28rev%2027%20January%202022%29"
        "%20corr%20EN_0.pdf",
        "publisher_name": "UN Human Rights Monitoring Mission in Ukraine (OHCHR)",
        "published_at": datetime(2022, 1, 27, tzinfo=UTC),
        "stance": "supports",
        "excerpt": "OHCHR estimates the total number of conflict-related casualties in Ukraine "
        "(14 April 2014 – 31 December 2021) to be 51,000-54,000: 14,200-14,400 killed "
        "(at least 3,404 civilians, est. 4,400 Ukrainian forces and est. 6,500 members of "
        "armed groups).",
    },
    {
        "kind": Source.Kind.OFFICIAL_REPORT,
        "title": "Report on the human rights situation in Ukraine, 1 August 2021 – 31 January 2022",
        "url": "https://www.ohchr.org/sites/default/files/2022-03/ReportUkraine-1Aug2021-"
        "31Jan2022_EN.pdf",
        "publisher_name": "Office of the UN High Commissioner for Human Rights",
        "published_at": datetime(2022, 3, 15, tzinfo=UTC),
        "stance": "context",
        "excerpt": "The 33rd periodic report repeats the cumulative toll and notes that "
        "civilian casualties in 2021 were the lowest of the whole conflict period.",
    },
]

RATIONALE = """\
AFP wrote on 10 January 2022 that the insurgency in eastern Ukraine had killed **more than
13,000 people**.

The UN Human Rights Monitoring Mission in Ukraine, which has counted conflict casualties
since 2014, put the total number killed between 14 April 2014 and 31 December 2021 at
**14,200 to 14,400**: at least 3,404 civilians, about 4,400 members of Ukrainian forces and
about 6,500 members of armed groups.

"More than 13,000" is therefore accurate, if conservative: it is the figure the UN used in
2019 and 2020, and the count had risen since. The statement leaves no false impression.
"""


class Command(BaseCommand):
    help = (
        "Load demo users, the seed article, a worked fact-check and other desks' "
        "fact-checks (idempotent)."
    )

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(REFUSED_IN_PRODUCTION)
        # The load plays the workflow for the demo people: their dashboards show it, but it
        # mails nobody (the console backend would print every message before the server).
        with emails_held(), transaction.atomic():
            self._load()

    def _load(self) -> None:
        users = [self._user(*row) for row in DEMO_USERS]
        checker, editor = users[0], users[1]
        source = ingest_seed_article(actor=checker).source
        try:
            with transaction.atomic():
                self._worked_example(source, checker, editor)
        except (ValidationError, PermissionDenied) as exc:
            # The desk's own work on the demo data wins; the server must start regardless.
            self.stdout.write(f"The worked fact-check was left as the desk left it: {exc}")
        imported = import_other_desks_fact_checks()
        keys = [item.key for item in other_desks_fact_checks()]
        embeddings_refresh(
            external_claim_ids=list(
                ExternalClaim.objects.filter(key__in=keys).values_list("id", flat=True)
            ),
            claim_ids=list(source.appearances.values_list("claim_id", flat=True)),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Claim.objects.count()} claims from “{source.title}”, "
                f"{ExternalClaim.objects.count()} other desks' fact-checks "
                f"({imported.created} new)."
            )
        )
        site = settings.FACTCHECK_ORGANIZATION["url"].rstrip("/")
        self.stdout.write(f"Log in at {site}/admin/ as:")
        for username, password, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {role:<13} {username} / {password}")

    def _user(self, username, password, role, first, last) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": True,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    def _worked_example(self, article: Source, checker: User, editor: User) -> None:
        appearance = article.appearances.filter(claim__text__icontains=WORKED_STATEMENT).first()
        if appearance is None:
            return
        claim = appearance.claim
        # Published, corrected, retracted or being drafted: the desk has taken it over.
        if claim.verdicts.exists():
            return
        # The statement is the article's own (no quote marks): AFP made the claim.
        afp, _ = services.speaker_get_or_create(
            name="Agence France-Presse", kind="organisation", role="News agency", actor=SYSTEM
        )
        claim = edits.claim_update(
            claim=claim,
            actor=checker,
            claim_reviewed=(
                "More than 13,000 people have died in the insurgency in eastern Ukraine."
            ),
            claim_date=date(2022, 1, 10),
            claimant=afp,
        )
        if claim.status == Claim.Status.NEW:
            services.claim_mark_checkworthy(claim=claim, actor=checker)
        services.claim_assign(claim=claim, assignee=checker, actor=checker)
        for row in UN_EVIDENCE:
            row = dict(row)
            stance, excerpt = str(row.pop("stance")), str(row.pop("excerpt"))
            source = Source.objects.filter(title=row["title"]).first() or source_create(
                actor=checker, language="en", **row
            )
            if not claim.evidence.filter(source=source).exists():
                services.evidence_add(
                    claim=claim, source=source, stance=stance, excerpt=excerpt, actor=checker
                )
        verdict = services.verdict_create(
            claim=claim,
            rating=Rating.objects.get(scale__slug="truthfulness", label="True"),
            headline="Yes: the UN counts more than 14,000 deaths in eastern Ukraine since 2014",
            summary="UN monitors put the toll at 14,200-14,400 by the end of 2021, so "
            "“more than 13,000” is accurate, if conservative.",
            rationale=RATIONALE,
            author=checker,
        )
        services.verdict_submit(verdict=verdict, actor=checker)
        services.verdict_approve(verdict=verdict, actor=editor)
        services.verdict_publish(verdict=verdict, actor=editor)
