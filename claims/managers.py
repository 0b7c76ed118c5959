"""Query sets for claims and verdicts: the reads every caller shares.

Visibility rules live here so that no view can forget them: ``Verdict.objects.public()`` is
the only way public code reaches verdicts. The status sets are the models' constants
(``Verdict.PUBLIC_STATUSES``, ``Claim.OPEN_STATUSES``), reached through ``self.model``
because the models module imports this one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from claims.models import Claim, Verdict  # noqa: F401  (Claim: a string in a base class)
    from factcheck.lib.permissions import Actor


class VerdictQuerySet(models.QuerySet["Verdict"]):
    def published(self) -> VerdictQuerySet:
        """The current published version of each fact-check."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def public(self) -> VerdictQuerySet:
        """Every version a reader may see: current, superseded and retracted ones."""
        return self.filter(status__in=self.model.PUBLIC_STATUSES)

    def visible_to(self, user: User | AnonymousUser) -> VerdictQuerySet:
        """Drafts and versions under review are for the desk only."""
        if user.is_authenticated and user.has_perm("claims.view_verdict"):
            return self
        return self.public()


class ClaimQuerySet(models.QuerySet["Claim"]):
    def with_current_rating(self) -> ClaimQuerySet:
        """Annotate the label of the current published rating (one subquery, no N+1)."""
        verdict = cast("type[Verdict]", self.model._meta.get_field("verdicts").related_model)
        current = verdict.objects.published().filter(claim=OuterRef("pk"))
        return self.annotate(
            current_rating=Subquery(current.values("rating__label")[:1]),
            current_rating_value=Subquery(current.values("rating__value")[:1]),
        )

    def with_appearance_count(self) -> ClaimQuerySet:
        """A correlated subquery rather than a join: PostgreSQL then counts for the rows a
        page shows, after its LIMIT, not for every claim before it (the claim list)."""
        appearance = cast(
            "type[models.Model]", self.model._meta.get_field("appearances").related_model
        )
        counted = (
            appearance._default_manager.filter(claim=OuterRef("pk"))
            .order_by()
            .values("claim")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(appearance_count=Coalesce(Subquery(counted), 0))

    def queue_for(self, user: Actor) -> ClaimQuerySet:
        """A fact-checker's queue: claims assigned to them that are not finished."""
        return self.filter(assignee=user, status__in=self.model.OPEN_STATUSES)
