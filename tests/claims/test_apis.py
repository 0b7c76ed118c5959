from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Verdict
from factcheck.lib.permissions import SYSTEM
from integrations.models import ApiKey, WebhookSubscription
from integrations.services import api_key_create
from tests.factories import ClaimFactory, SourceFactory, client_for, make_admin, truth_rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return make_admin("ada")


@pytest.fixture
def objects(claim, alice, published_verdict, admin_user):
    from claims import services

    draft_claim = ClaimFactory()
    draft = services.verdict_create(
        claim=draft_claim,
        rating=truth_rating(),
        headline="h",
        summary="s",
        rationale="r",
        author=alice,
    )
    hook = WebhookSubscription.objects.create(
        name="n", url="https://hooks.example/x", secret="s", events=["verdict.published"]
    )
    return {
        "claim": draft_claim.pk,
        "speaker": draft_claim.claimant_id,
        "source": SourceFactory().pk,
        "evidence": published_verdict.claim.evidence.first().pk,
        "verdict": draft.pk,
        "webhook": hook.pk,
    }


DESK_READS = [
    ("/api/v1/desk/claims/", None),
    ("/api/v1/desk/claims/{claim}/", None),
    ("/api/v1/desk/speakers/", None),
    ("/api/v1/desk/speakers/{speaker}/", None),
    ("/api/v1/desk/sources/", None),
    ("/api/v1/desk/sources/{source}/", None),
    ("/api/v1/desk/evidence/", None),
    ("/api/v1/desk/evidence/{evidence}/", None),
    ("/api/v1/desk/verdicts/", None),
    ("/api/v1/desk/verdicts/{verdict}/", None),
]
ADMIN_READS = [("/api/v1/desk/webhooks/", None), ("/api/v1/desk/webhooks/{webhook}/", None)]


@pytest.mark.parametrize(("url", "_"), DESK_READS + ADMIN_READS)
def test_every_desk_read_is_refused_to_anonymous_outsiders_and_newsroom_keys(
    url, _, objects, anon, newsroom, mallory
):
    url = url.format(**objects)
    assert anon.get(url).status_code == 401
    assert newsroom.get(url).status_code == 403
    assert client_for(mallory).get(url).status_code == 403


@pytest.mark.parametrize(("url", "_"), DESK_READS)
def test_fact_checkers_and_editors_read_the_desk(url, _, objects, alice, bob):
    url = url.format(**objects)
    assert client_for(alice).get(url).status_code == 200
    assert client_for(bob).get(url).status_code == 200


@pytest.mark.parametrize(("url", "_"), ADMIN_READS)
def test_only_admins_manage_webhooks(url, _, objects, alice, bob, admin_user):
    url = url.format(**objects)
    assert client_for(alice).get(url).status_code == 403
    assert client_for(bob).get(url).status_code == 403
    assert client_for(admin_user).get(url).status_code == 200


DESK_WRITES = [
    ("post", "/api/v1/desk/claims/", {"text": "A new claim about taxes."}),
    ("patch", "/api/v1/desk/claims/{claim}/", {"language": "fr"}),
    ("post", "/api/v1/desk/claims/{claim}/assign/", {"assignee": None}),
    ("post", "/api/v1/desk/claims/{claim}/dismiss/", {}),
    ("post", "/api/v1/desk/claims/{claim}/mark-checkworthy/", {}),
    ("post", "/api/v1/desk/claims/{claim}/merge/", {"into": 1}),
    ("post", "/api/v1/desk/speakers/", {"name": "New Person"}),
    ("patch", "/api/v1/desk/speakers/{speaker}/", {"role": "Mayor"}),
    ("put", "/api/v1/desk/speakers/{speaker}/", {"role": "Mayor"}),
    ("post", "/api/v1/desk/sources/", {"url": "https://example.org/new"}),
    ("patch", "/api/v1/desk/sources/{source}/", {"title": "T"}),
    ("post", "/api/v1/desk/evidence/", {"claim": 1, "source": 1, "stance": "supports"}),
    ("delete", "/api/v1/desk/evidence/{evidence}/", None),
    ("post", "/api/v1/desk/verdicts/", {"claim": 1, "rating": 1, "headline": "h"}),
    ("patch", "/api/v1/desk/verdicts/{verdict}/", {"headline": "h2"}),
    ("post", "/api/v1/desk/verdicts/{verdict}/submit/", {}),
    ("post", "/api/v1/desk/verdicts/{verdict}/approve/", {}),
    ("post", "/api/v1/desk/verdicts/{verdict}/reject/", {"reason": "r"}),
    ("post", "/api/v1/desk/verdicts/{verdict}/withdraw/", {}),
    ("post", "/api/v1/desk/verdicts/{verdict}/publish/", {}),
    ("post", "/api/v1/desk/verdicts/{verdict}/correct/", {"kind": "update", "note": "n"}),
    ("post", "/api/v1/desk/verdicts/{verdict}/retract/", {"note": "n"}),
    ("post", "/api/v1/desk/webhooks/", {"name": "n", "url": "https://x.example", "events": []}),
    ("patch", "/api/v1/desk/webhooks/{webhook}/", {"name": "n"}),
    ("delete", "/api/v1/desk/webhooks/{webhook}/", None),
    ("post", "/api/v1/articles/", {"text": "He said: “Taxes doubled.”"}),
]


@pytest.mark.parametrize(("method", "url", "body"), DESK_WRITES)
def test_every_desk_write_is_refused_to_anonymous_outsiders_and_newsroom_keys(
    method, url, body, objects, anon, newsroom, mallory
):
    url = url.format(**objects)
    before = (
        Claim.objects.count(),
        Verdict.objects.count(),
        Claim.objects.get(pk=objects["claim"]),
    )
    assert getattr(anon, method)(url, body, format="json").status_code == 401
    assert getattr(newsroom, method)(url, body, format="json").status_code == 403
    outsider = getattr(client_for(mallory), method)(url, body, format="json")
    assert outsider.status_code == 403
    assert outsider.json()["code"] == "permission_denied"
    after = (Claim.objects.count(), Verdict.objects.count(), Claim.objects.get(pk=objects["claim"]))
    assert before[:2] == after[:2]
    assert before[2].status == after[2].status


def _etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_a_patch_without_if_match_is_428_and_with_a_stale_one_412(objects, alice, bob):
    url = f"/api/v1/desk/claims/{objects['claim']}/"
    a, b = client_for(alice), client_for(bob)
    assert a.patch(url, {"language": "fr"}, format="json").status_code == 428
    etag = _etag(a, url)
    assert b.patch(url, {"language": "de"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = a.patch(url, {"language": "fr"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert Claim.objects.get(pk=objects["claim"]).language == "de"


def test_status_versions_and_authorship_cannot_be_mass_assigned(objects, alice):
    url = f"/api/v1/desk/verdicts/{objects['verdict']}/"
    a = client_for(alice)
    etag = _etag(a, url)
    for field, value in [
        ("status", "published"),
        ("version", 9),
        ("author", 1),
        ("published_at", "2020-01-01T00:00:00Z"),
        ("approved_by", 1),
    ]:
        response = a.patch(url, {field: value}, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 400
        assert field in response.json()["errors"]
    verdict = Verdict.objects.get(pk=objects["verdict"])
    assert (verdict.status, verdict.version, verdict.published_at) == ("draft", 1, None)


def test_a_published_verdict_cannot_be_edited_through_the_api(published_verdict, bob):
    url = f"/api/v1/desk/verdicts/{published_verdict.pk}/"
    b = client_for(bob)
    response = b.patch(url, {"headline": "New"}, format="json", HTTP_IF_MATCH=_etag(b, url))
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_status"


def test_the_whole_workflow_runs_through_the_api_with_the_two_person_rule(alice, bob, carol):
    claim = ClaimFactory()
    a, b, c = client_for(alice), client_for(bob), client_for(carol)
    source = a.post("/api/v1/desk/sources/", {"url": "https://un.example/r"}, format="json")
    assert source.status_code == 201
    evidence = a.post(
        "/api/v1/desk/evidence/",
        {"claim": claim.pk, "source": source.json()["id"], "stance": "refutes", "note": "x"},
        format="json",
    )
    assert evidence.status_code == 201
    created = a.post(
        "/api/v1/desk/verdicts/",
        {
            "claim": claim.pk,
            "rating": truth_rating("False").pk,
            "headline": "No",
            "summary": "s",
            "rationale": "r",
        },
        format="json",
    )
    assert created.status_code == 201
    vid = created.json()["id"]
    assert created.json()["available_actions"] == ["submit"]
    assert a.post(f"/api/v1/desk/verdicts/{vid}/submit/").status_code == 200
    # The fact-checker has no approve permission; the editor who wrote nothing may approve.
    assert a.post(f"/api/v1/desk/verdicts/{vid}/approve/").status_code == 403
    assert b.post(f"/api/v1/desk/verdicts/{vid}/approve/").status_code == 200
    published = c.post(f"/api/v1/desk/verdicts/{vid}/publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    corrected = b.post(
        f"/api/v1/desk/verdicts/{vid}/correct/",
        {"kind": "correction", "note": "Fixed a figure.", "summary": "New s"},
        format="json",
    )
    assert corrected.status_code == 201
    cid = corrected.json()["id"]
    assert b.post(f"/api/v1/desk/verdicts/{cid}/submit/").status_code == 200
    selfie = b.post(f"/api/v1/desk/verdicts/{cid}/approve/")
    assert selfie.status_code == 403
    assert "cannot approve" in selfie.json()["detail"]
    assert c.post(f"/api/v1/desk/verdicts/{cid}/approve/").status_code == 200
    assert c.post(f"/api/v1/desk/verdicts/{cid}/publish/").status_code == 200
    retracted = b.post(f"/api/v1/desk/verdicts/{cid}/retract/", {"note": "Wrong."}, format="json")
    assert retracted.status_code == 201
    assert retracted.json()["status"] == "retracted"


def test_a_correction_needs_a_note(published_verdict, bob):
    response = client_for(bob).post(
        f"/api/v1/desk/verdicts/{published_verdict.pk}/correct/",
        {"kind": "correction", "note": ""},
        format="json",
    )
    assert response.status_code == 400
    assert "note" in response.json()["errors"]


def test_claim_triage_actions_call_the_services(alice, bob):
    claim = ClaimFactory()
    other = ClaimFactory()
    a, b = client_for(alice), client_for(bob)
    assert a.post(f"/api/v1/desk/claims/{claim.pk}/mark-checkworthy/").json()["status"] == (
        "checkworthy"
    )
    assigned = a.post(
        f"/api/v1/desk/claims/{claim.pk}/assign/", {"assignee": alice.pk}, format="json"
    )
    assert assigned.json()["assignee"] == "alice"
    assert (
        a.post(
            f"/api/v1/desk/claims/{other.pk}/merge/", {"into": claim.pk}, format="json"
        ).status_code
        == 403
    )
    merged = b.post(f"/api/v1/desk/claims/{other.pk}/merge/", {"into": claim.pk}, format="json")
    assert merged.status_code == 200
    other.refresh_from_db()
    assert other.duplicate_of_id == claim.pk
    again = a.post(f"/api/v1/desk/claims/{other.pk}/dismiss/")
    assert again.status_code == 400
    assert again.json()["code"] == "not_triageable"


def test_people_log_in_for_a_knox_token_and_log_out(alice):
    alice.set_password("s3cret-pass")
    alice.save()
    client = APIClient()
    bad = client.post("/api/v1/auth/login/", {"username": "alice", "password": "x"}, format="json")
    assert bad.status_code == 400
    token = client.post(
        "/api/v1/auth/login/", {"username": "alice", "password": "s3cret-pass"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/desk/claims/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/desk/claims/").status_code == 401


def test_a_desk_key_acts_with_its_users_role_and_can_be_revoked(alice):
    from integrations.services import api_key_revoke

    issued = api_key_create(name="Intake bot", scope=ApiKey.Scope.DESK, user=alice, actor=SYSTEM)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {issued.raw}")
    created = client.post("/api/v1/desk/claims/", {"text": "Crime doubled."}, format="json")
    assert created.status_code == 201
    stored = ApiKey.objects.get(pk=issued.api_key.pk)
    assert stored.key_hash != issued.raw and issued.raw.split(".")[1] not in stored.key_hash
    api_key_revoke(api_key=stored, actor=make_admin("revoker"))
    assert client.get("/api/v1/desk/claims/").status_code == 401


def test_desk_lists_use_a_constant_number_of_queries(alice, django_assert_max_num_queries):
    for _ in range(5):
        ClaimFactory()
    client = client_for(alice)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/desk/claims/").status_code == 200


def test_login_attempts_are_throttled_per_address(db, monkeypatch):
    from rest_framework.settings import api_settings

    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login", "2/min")
    client = APIClient()
    codes = [
        client.post(
            "/api/v1/auth/login/", {"username": "x", "password": "y"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [400, 400, 429]


def test_a_put_needs_if_match_and_every_editable_field(objects, alice):
    url = f"/api/v1/desk/speakers/{objects['speaker']}/"
    a = client_for(alice)
    full = {"kind": "person", "role": "Mayor", "description": "", "same_as": ""}
    assert a.put(url, full, format="json").status_code == 428
    etag = _etag(a, url)
    partial = a.put(url, {"role": "Mayor"}, format="json", HTTP_IF_MATCH=etag)
    assert partial.status_code == 400
    assert set(partial.json()["errors"]) == {"kind", "description", "same_as"}
    assert a.put(url, full, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert a.put(url, full, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_a_forged_forwarded_for_header_does_not_reset_the_login_throttle(db, monkeypatch):
    from rest_framework.settings import api_settings

    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login", "2/min")
    client = APIClient()
    codes = [
        client.post(
            "/api/v1/auth/login/",
            {"username": f"x{n}", "password": "y"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(3)
    ]
    assert codes == [400, 400, 429]


def test_login_attempts_on_one_account_are_throttled_across_addresses(db, monkeypatch):
    from rest_framework.settings import api_settings

    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login_account", "2/min")
    codes = [
        APIClient(REMOTE_ADDR=f"198.51.100.{n}")
        .post("/api/v1/auth/login/", {"username": "editor", "password": "guess"}, format="json")
        .status_code
        for n in range(3)
    ]
    assert codes == [400, 400, 429]


def test_a_claim_reworded_after_approval_cannot_be_published_unreviewed(claim, alice, bob, carol):
    """The reviewer's reproduction: approve, then reword the claim, then try to publish."""
    from claims import services

    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_approve(verdict=verdict, actor=bob)
    a, c = client_for(alice), client_for(carol)
    url = f"/api/v1/desk/claims/{claim.pk}/"
    etag = a.get(url)["ETag"]
    edit = {"claim_reviewed": "TEXT CHANGED AFTER APPROVAL"}
    assert a.patch(url, edit, format="json", HTTP_IF_MATCH=etag).status_code == 200
    refused = c.post(f"/api/v1/desk/verdicts/{verdict.pk}/publish/")
    assert refused.status_code == 400
    assert c.get(f"/api/v1/desk/verdicts/{verdict.pk}/").json()["status"] == "submitted"
    assert client_for(bob).post(f"/api/v1/desk/verdicts/{verdict.pk}/approve/").status_code == 200
    assert c.post(f"/api/v1/desk/verdicts/{verdict.pk}/publish/").status_code == 200


def test_model_level_errors_use_the_non_field_errors_key(published_verdict, alice):
    """One error shape: Django's ``__all__`` never reaches a client."""
    evidence = published_verdict.claim.evidence.get()
    response = client_for(alice).post(
        "/api/v1/desk/evidence/",
        {"claim": evidence.claim_id, "source": evidence.source_id, "stance": "supports"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]


def test_the_desk_api_sends_a_verdict_back_only_with_a_reason_and_lets_its_author_withdraw(
    claim, alice, bob
):
    from claims import services
    from tests.factories import EvidenceFactory

    EvidenceFactory(claim=claim)
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    reject = f"/api/v1/desk/verdicts/{verdict.pk}/reject/"
    assert client_for(bob).post(reject, {}, format="json").status_code == 400
    response = client_for(bob).post(reject, {"reason": "Cite the census."}, format="json")
    assert response.status_code == 200
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    assert verdict.notes.get().body == "Cite the census."
    services.verdict_submit(verdict=verdict, actor=alice)
    withdraw = f"/api/v1/desk/verdicts/{verdict.pk}/withdraw/"
    assert client_for(bob).post(withdraw, {}, format="json").status_code == 403
    assert client_for(alice).post(withdraw, {}, format="json").status_code == 200


def test_a_published_speakers_same_as_can_be_patched_but_only_to_a_web_address(
    published_verdict, alice
):
    speaker = published_verdict.claim.claimant
    url = f"/api/v1/desk/speakers/{speaker.pk}/"
    a = client_for(alice)
    ftp = a.patch(
        url, {"same_as": "ftp://example.org/x"}, format="json", HTTP_IF_MATCH=_etag(a, url)
    )
    assert ftp.status_code == 400
    assert "same_as" in ftp.json()["errors"]
    wikidata = "https://www.wikidata.org/wiki/Q42"
    ok = a.patch(url, {"same_as": wikidata}, format="json", HTTP_IF_MATCH=_etag(a, url))
    assert ok.status_code == 200
    assert ok.json()["same_as"] == wikidata
    frozen = a.patch(url, {"role": "Other"}, format="json", HTTP_IF_MATCH=ok["ETag"])
    assert frozen.status_code == 400
    speaker.refresh_from_db()
    assert speaker.same_as == wikidata
