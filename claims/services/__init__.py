"""Every write to the fact-checking domain goes through these functions.

The admin and the API call the same services, so both get the same rules, the same
validation and the same history. Each service is atomic, checks the actor's permission and
raises ``ValidationError`` (with the message constants below) or ``PermissionDenied``.
"""

from claims.services.claims import (
    appearance_create,
    claim_assign,
    claim_create,
    claim_dismiss,
    claim_mark_checkworthy,
    claim_merge,
    evidence_add,
    speaker_alias_add,
    speaker_alias_delete,
    speaker_alias_update,
    speaker_create,
    speaker_delete,
    speaker_get_or_create,
    speaker_merge,
)
from claims.services.review import note_add, notification_mark_read, notify_claim_reappeared
from claims.services.verdicts import (
    verdict_approvals_recheck,
    verdict_approve,
    verdict_available_actions,
    verdict_check_draft,
    verdict_correct,
    verdict_create,
    verdict_delete,
    verdict_publish,
    verdict_reject,
    verdict_retract,
    verdict_submit,
    verdict_update,
    verdict_withdraw,
)

__all__ = [
    "appearance_create",
    "claim_assign",
    "claim_create",
    "claim_dismiss",
    "claim_mark_checkworthy",
    "claim_merge",
    "evidence_add",
    "note_add",
    "notification_mark_read",
    "notify_claim_reappeared",
    "speaker_alias_add",
    "speaker_alias_delete",
    "speaker_alias_update",
    "speaker_create",
    "speaker_delete",
    "speaker_get_or_create",
    "speaker_merge",
    "verdict_approvals_recheck",
    "verdict_approve",
    "verdict_available_actions",
    "verdict_check_draft",
    "verdict_correct",
    "verdict_create",
    "verdict_delete",
    "verdict_publish",
    "verdict_reject",
    "verdict_retract",
    "verdict_submit",
    "verdict_update",
    "verdict_withdraw",
]
