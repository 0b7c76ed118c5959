"""The desk (staff) API: the same services and roles as the admin.

People authenticate with a knox token (``POST /api/v1/auth/login/``), integrations with a
desk-scoped API key that acts as its user. Views only translate HTTP: every write calls a
service in ``claims.services`` (or ``sources.services``), which
checks the actor's permission and the workflow rules. Editable objects carry an ETag and
refuse a PATCH without a matching ``If-Match`` (428/412), so two editors cannot overwrite
each other.
"""

from claims.apis.auth import LoginApi, LogoutApi
from claims.apis.claims import (
    ClaimAssignApi,
    ClaimDetailApi,
    ClaimDismissApi,
    ClaimListApi,
    ClaimMarkCheckworthyApi,
    ClaimMergeApi,
)
from claims.apis.records import (
    EvidenceDetailApi,
    EvidenceListApi,
    SourceDetailApi,
    SourceListApi,
    SpeakerDetailApi,
    SpeakerListApi,
)
from claims.apis.verdicts import (
    VerdictApproveApi,
    VerdictCorrectApi,
    VerdictDetailApi,
    VerdictListApi,
    VerdictPublishApi,
    VerdictRejectApi,
    VerdictRetractApi,
    VerdictSubmitApi,
    VerdictWithdrawApi,
)

__all__ = [
    "ClaimAssignApi",
    "ClaimDetailApi",
    "ClaimDismissApi",
    "ClaimListApi",
    "ClaimMarkCheckworthyApi",
    "ClaimMergeApi",
    "EvidenceDetailApi",
    "EvidenceListApi",
    "LoginApi",
    "LogoutApi",
    "SourceDetailApi",
    "SourceListApi",
    "SpeakerDetailApi",
    "SpeakerListApi",
    "VerdictApproveApi",
    "VerdictCorrectApi",
    "VerdictDetailApi",
    "VerdictListApi",
    "VerdictPublishApi",
    "VerdictRejectApi",
    "VerdictRetractApi",
    "VerdictSubmitApi",
    "VerdictWithdrawApi",
]
