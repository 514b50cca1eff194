"""Every table, imported in one place so migrations and tests see the whole schema."""

from portal.areas.models import Area, AreaContact, ShareLink
from portal.audit.models import AuditEntry
from portal.auth.models import SignInAttempt, StaffUser
from portal.content.models import Questionnaire, QuestionnaireItem, Statement, Theme
from portal.groups.models import GroupSession, GroupVote, KioskTablet
from portal.respond.models import Answer, Comment, Response
from portal.safety.models import SafetyFlag

__all__ = [
    "Answer",
    "Area",
    "AreaContact",
    "AuditEntry",
    "Comment",
    "GroupSession",
    "GroupVote",
    "KioskTablet",
    "Questionnaire",
    "QuestionnaireItem",
    "Response",
    "SafetyFlag",
    "ShareLink",
    "SignInAttempt",
    "StaffUser",
    "Statement",
    "Theme",
]
