"""Test overlay on top of ``factcheck.settings``.

Tests run on PostgreSQL (the local server by default) because the product depends on its
constraints, locking and full-text search. The rest trades production realism for speed.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck")
os.environ.setdefault("FACTCHECK_ENV", "development")

from factcheck.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Claim matching refreshes its in-memory index inline: no thread outlives a test.
MATCHING_INDEX_BACKGROUND = False
