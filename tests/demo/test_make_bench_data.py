"""The benchmark data generator writes rows the application reads like its own."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from claims.models import Claim, Speaker, Verdict

pytestmark = pytest.mark.django_db


def test_generated_data_is_served_by_the_public_api():
    if connection.vendor != "postgresql":
        pytest.skip("the generator writes with PostgreSQL's COPY")
    call_command("make_bench_data", "--claims", "60", "--seed", "1", "--force", verbosity=0)
    assert Claim.objects.count() == 60
    published = Verdict.objects.published().count()
    assert published > 0
    assert sum(Speaker.objects.values_list("published_count", flat=True)) == published
    client = Client()
    page = client.get("/api/v1/fact-checks/?page_size=5").json()["results"]
    assert len(page) == 5 and page[0]["evidence"]
    assert client.get("/api/v1/speakers/").json()["results"]
