"""The settings: the production profile refuses unsafe configuration and passes ``check
--deploy``, and the values derived from others follow them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "Z9-production-only-secret-key-for-tests-0123456789"


def _check(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "FACTCHECK_ENV",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(
        env, DJANGO_SETTINGS_MODULE="factcheck.settings", DATABASE_URL="sqlite:///:memory:"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check(FACTCHECK_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _check(FACTCHECK_ENV="production", SECRET_KEY=GOOD_KEY, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _check(
        "--deploy",
        "--fail-level",
        "WARNING",
        FACTCHECK_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_a_per_process_cache_for_its_limits():
    """Three workers with a local-memory cache would each allow the whole login budget."""
    for url in ("locmemcache://", "dummycache://"):
        result = _check(
            FACTCHECK_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="x", CACHE_URL=url
        )
        assert result.returncode != 0
        assert "CACHE_URL must name a cache shared by every worker" in result.stderr


def test_production_counts_its_limits_in_the_local_redis_by_default(monkeypatch):
    import importlib

    import factcheck.settings as project_settings

    monkeypatch.setenv("FACTCHECK_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)
    try:
        caches = importlib.reload(project_settings).CACHES
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_without_a_profile_the_app_runs_as_production_and_needs_a_secret_key():
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "FACTCHECK_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="factcheck.settings", DATABASE_URL="sqlite:///:memory:")
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_request_limit_fits_a_non_latin_article_sent_as_escaped_json():
    from django.conf import settings

    escaped_bytes_per_char, utf8_bytes_per_char = 6, 2  # "\\u0416" for "Ж"
    largest = settings.FACTCHECK_MAX_BODY_BYTES // utf8_bytes_per_char * escaped_bytes_per_char
    assert largest < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_the_publishing_principles_follow_the_organisation_url(monkeypatch):
    import importlib

    import factcheck.settings as project_settings

    monkeypatch.setenv("FACTCHECK_ORG_URL", "https://checks.example.org/")
    monkeypatch.delenv("FACTCHECK_ORG_PRINCIPLES_URL", raising=False)
    monkeypatch.setenv("FACTCHECK_ENV", "development")
    reloaded = importlib.reload(project_settings)
    try:
        principles = reloaded.FACTCHECK_ORGANIZATION["publishing_principles"]
        assert principles == "https://checks.example.org/methodology/"
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
