"""Rules the models keep whatever the caller: frozen ratings and scales in public use, and
Speaker.save leaving counters to the services while keeping Django's usual patterns."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import RATING_IN_PUBLIC_USE, Rating, Speaker
from tests.factories import truth_rating


def test_saving_a_speaker_never_writes_back_an_old_published_count(published_verdict):
    speaker = Speaker.objects.get(pk=published_verdict.claim.claimant_id)
    stale = Speaker.objects.get(pk=speaker.pk)
    Speaker.objects.filter(pk=speaker.pk).update(published_count=7)  # a publication meanwhile
    stale.role = "Spokesperson"
    stale.save()
    speaker.refresh_from_db()
    assert (speaker.role, speaker.published_count) == ("Spokesperson", 7)


def test_speaker_save_keeps_djangos_usual_patterns_working(published_verdict):
    speaker = Speaker.objects.only("name", "slug", "name_key").get(
        pk=published_verdict.claim.claimant_id
    )
    speaker.name = speaker.name + " Jr"
    speaker.save()  # deferred fields are neither loaded nor written back
    assert Speaker.objects.get(pk=speaker.pk).published_count == 1
    copy = Speaker.objects.get(pk=speaker.pk)
    copy.pk = None
    copy._state.adding = True
    copy.name, copy.name_key, copy.slug = "Copy", "copy", "copy"
    copy.save()
    assert Speaker.objects.filter(name="Copy").exists()


def test_a_rating_in_public_use_keeps_its_label(published_verdict, client, bob):
    rating = published_verdict.rating
    rating.label = "Pants on fire"
    with pytest.raises(ValidationError, match="cannot change under them"):
        rating.save()
    client.force_login(bob)
    response = client.post(
        reverse("admin:claims_rating_change", args=[rating.pk]),
        {
            "scale": rating.scale_id,
            "label": "Pants on fire",
            "value": "1",
            "colour": "#123456",
            "order": "0",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert RATING_IN_PUBLIC_USE.encode() in response.content.replace(b"&#x27;", b"'")
    assert Rating.objects.get(pk=rating.pk).label == "True"


def test_an_unused_rating_can_be_renamed(db):
    rating = truth_rating("Half true")
    rating.label = "Half-true"
    rating.save()
    assert Rating.objects.filter(label="Half-true").exists()


def test_a_scale_in_public_use_keeps_its_numeric_range(published_verdict):
    scale = published_verdict.rating.scale
    with pytest.raises(ValidationError, match="cannot change under them"):
        Rating.objects.create(scale=scale, label="Beyond true", value=99, order=9)
    unused = scale.ratings.exclude(pk=published_verdict.rating_id).exclude(value=None).first()
    unused.value = -50
    with pytest.raises(ValidationError, match="cannot change under them"):
        unused.save()
    with pytest.raises(ValidationError, match="cannot change under them"):
        unused.refresh_from_db() or unused.delete()
    Rating.objects.create(scale=scale, label="Satire", value=None, order=10)  # no value: fine
    scale.name = "Renamed"
    with pytest.raises(ValidationError, match="cannot change under them"):
        scale.save()


def test_the_claim_table_is_walked_without_parallel_workers(db):
    """claims/migrations/0016_claim_serial_scans.py: the list's LIMIT walks are serial."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage parameter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'claims_claim'")
        (options,) = cursor.fetchone()
    assert "parallel_workers=0" in (options or [])
