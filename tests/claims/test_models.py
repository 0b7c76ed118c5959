"""Rules the models keep whatever the caller: frozen ratings and scales in public use, and
Speaker.save leaving counters to the services while keeping Django's usual patterns."""

from __future__ import annotations

from claims.models import Speaker


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
