"""Every table, imported in one place so migrations and tests see the whole schema."""

from portal.audit.models import AuditEntry
from portal.auth.models import SignInAttempt, StaffUser
from portal.content.models import Questionnaire, QuestionnaireItem, Statement, Theme
from portal.respond.models import Answer, Comment, Response
from portal.safety.models import SafetyFlag

__all__ = [
    "Answer",
    "AuditEntry",
    "Comment",
    "Questionnaire",
    "QuestionnaireItem",
    "Response",
    "SafetyFlag",
    "SignInAttempt",
    "StaffUser",
    "Statement",
    "Theme",
]
