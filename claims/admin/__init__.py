"""The fact-checkers' workbench in the Django admin.

Every state change (triage actions, workflow buttons, new drafts, evidence) calls the same
services as the API; the admin only renders and routes.
"""

from claims.admin import claims, ratings, speakers, verdicts  # noqa: F401  (registers them)
