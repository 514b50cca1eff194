"""Every table, imported in one place so migrations and tests see the whole schema."""

from portal.actions.models import Action, ActionComment, ActionUpdate
from portal.areas.models import Area, AreaContact, ShareLink
from portal.audit.models import AuditEntry
from portal.auth.models import SignInAttempt, StaffUser
from portal.comments.models import Comment, CommentTheme
from portal.content.models import (
    ContentBlob,
    ContentFile,
    ContentRelease,
    ContentReviewComment,
    Questionnaire,
    QuestionnaireItem,
    Statement,
    Theme,
)
from portal.content.typed_texts import TypedTextTranslation
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession, KioskTablet
from portal.notices.models import NoticeChoice, NoticeEmail, StaffNotice
from portal.reports.models import Report, ReviewComment, ReviewRecording, ThemeApproval
from portal.respond.models import Answer, FailedResume, Response
from portal.rounds.models import SurveyRound
from portal.safety.models import Delivery, OnCall, SafetyFlag

__all__ = [
    "Action",
    "ActionComment",
    "ActionUpdate",
    "Answer",
    "Area",
    "AreaContact",
    "AuditEntry",
    "Comment",
    "ContentBlob",
    "ContentFile",
    "ContentRelease",
    "ContentReviewComment",
    "CommentTheme",
    "Delivery",
    "FailedResume",
    "GroupSession",
    "GroupVote",
    "KioskTablet",
    "NoticeChoice",
    "NoticeEmail",
    "OnCall",
    "Questionnaire",
    "QuestionnaireItem",
    "Report",
    "ReviewRecording",
    "ThemeApproval",
    "Response",
    "ReviewComment",
    "SafetyFlag",
    "ShareLink",
    "SignInAttempt",
    "StaffNotice",
    "StaffUser",
    "Statement",
    "SurveyRound",
    "Theme",
    "TypedTextTranslation",
]
