"""factory-boy factories for the domain. Users get their role through the named groups."""

from __future__ import annotations

from importlib import import_module

import factory
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from claims.models import Claim, Evidence, Rating, Speaker, Verdict
from factcheck.lib.text import name_key, statement_fingerprint
from sources.models import Source

# Article texts shared by the ingestion tests of the service, the admin pages and the command.
ARTICLE = (
    "Officials met on Monday.\n\n"
    '"We will cut emissions by 40 percent by 2030," Energy Minister Jane Doe said.\n\n'
    "More than 13,000 people have died in the conflict since 2014.\n"
)
# Pasted or posted article text loses stray NUL characters instead of being refused, as
# uploaded files and the command line already do.
WITH_NUL = "The minister, Jane Doe, said: \u201cUnemployment fell to 3.5\x00 percent in 2025.\u201d"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            ensure_seed_data()
            self.groups.add(Group.objects.get(name=extracted))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.OFFICIAL_REPORT
    url = factory.Sequence(lambda n: f"https://example.org/report-{n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher_name = "Example Office"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker Number{n}")
    name_key = factory.LazyAttribute(lambda s: name_key(s.name))
    slug = factory.Sequence(lambda n: f"speaker-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"More than {n},000 people have died in the conflict.")
    claim_reviewed = factory.LazyAttribute(lambda c: c.text)
    fingerprint = factory.LazyAttribute(lambda c: statement_fingerprint(c.text))
    slug = factory.Sequence(lambda n: f"claim-{n}")
    kind = Claim.Kind.STATISTIC
    claimant = factory.SubFactory(SpeakerFactory)
    checkworthiness = 0.5


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    excerpt = "Casualty figures as reported."


def ensure_seed_data() -> None:
    """Re-run the data migrations' seeds when a transactional test has flushed them."""
    if Group.objects.filter(name="Editor").exists() and Rating.objects.exists():
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    import_module("claims.migrations.0002_rating_scales").seed(apps, None)
    import_module("claims.migrations.0003_roles").seed_roles(apps)
    import_module("integrations.migrations.0003_admin_perms").grant_admin(apps)


def truth_rating(label: str = "Mostly true") -> Rating:
    ensure_seed_data()
    return Rating.objects.get(scale__slug="truthfulness", label=label)


def promise_rating(label: str = "Kept") -> Rating:
    ensure_seed_data()
    return Rating.objects.get(scale__slug="promise", label=label)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(truth_rating)
    headline = "Casualty figure is accurate"
    summary = "UN figures back the number."
    rationale = "The **UN** counted it."
    author = factory.SubFactory(UserFactory, role="Fact-checker")


def publish_through_workflow(
    claim: Claim,
    *,
    author,
    approver,
    publisher=None,
    label: str = "True",
    headline: str = "Toll is right",
    summary: str = "The UN's count supports it.",
    rationale: str = "See the **report**.",
    stance: str = "supports",
) -> Verdict:
    """Link evidence, draft, submit, approve and publish a verdict through the services."""
    from claims import services

    services.evidence_add(claim=claim, source=SourceFactory(), stance=stance, actor=author)
    verdict = services.verdict_create(
        claim=claim,
        rating=truth_rating(label),
        headline=headline,
        summary=summary,
        rationale=rationale,
        author=author,
    )
    services.verdict_submit(verdict=verdict, actor=author)
    services.verdict_approve(verdict=verdict, actor=approver)
    return services.verdict_publish(verdict=verdict, actor=publisher or approver)


def publish(claim, alice, bob, carol, *, label="False", headline="Checked", rationale="Why."):
    """Take ``claim`` through the whole workflow (alice writes, bob approves, carol publishes)
    with refuting evidence, and return its published verdict."""
    return publish_through_workflow(
        claim,
        author=alice,
        approver=bob,
        publisher=carol,
        label=label,
        headline=headline,
        summary="Summary for readers.",
        rationale=rationale,
        stance="refutes",
    )


def make_admin(username: str = "ada"):
    """An Admin-role user; the role's integration permissions are granted again if a
    transactional test has flushed what the data migration seeded."""
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(username=username, role="Admin")
    group = Group.objects.get(name="Admin")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="integrations"))
    return user


def client_for(user) -> APIClient:
    """An API client authenticated as ``user``, as a logged-in desk member's browser would be."""
    client = APIClient()
    client.force_authenticate(user)
    return client
