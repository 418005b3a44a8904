"""Who may see each kind of record is said in one place: its queryset's `visible_to(user)`.

Every model of the project either has `visible_to` on its default manager, or is listed below
with the reason it needs none: it is reference data anyone may read, it is only ever shown as
part of another record (whose rule covers it), it is one person's own and read only through
their account pages, or it is never shown. A new model fails here until it is one or the other,
and a record with a rule shows nothing to an anonymous visitor unless it is public by design.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.db.models import Model, QuerySet

PUBLIC = "reference data or published content anyone may read"
OWN = "one person's own: read only through their account pages, which filter by owner"

NO_RULE: dict[str, str] = {
    # Reference data and published content.
    "library.Audience": PUBLIC,
    "library.Topic": PUBLIC,
    "library.LibraryIndexPage": PUBLIC,
    "library.ReadingList": PUBLIC,
    "induction.RoleGuideIndexPage": PUBLIC,
    "induction.RoleGuidePage": PUBLIC,
    "induction.SupportOffer": PUBLIC,
    "induction.OfferChange": PUBLIC,
    "indicators.BoardQuestion": PUBLIC,
    "people.Interest": PUBLIC,
    "people.Region": PUBLIC,
    "people.System": PUBLIC,
    "people.Place": PUBLIC,
    "people.Organisation": PUBLIC,
    "people.Structure": PUBLIC,
    # Shown only as part of another record, under that record's rule.
    "indicators.DataPoint": "indicators.DataReturn",
    "indicators.Signal": "indicators.Result",
    "indicators.Adoption": "people.Organisation: an organisation's dashboard lists its own",
    "indicators.Judgement": "indicators.Result: published with the figures, else the team's",
    "indicators.StatementNarrative": "the organisation's statement (indicators.permissions)",
    "indicators.BoardPaper": "the organisation's papers (indicators.permissions); public link",
    "indicators.BoardPaperVersion": "its paper's (indicators.permissions)",
    "indicators.Pilot": "the organisation's team (indicators.permissions)",
    "induction.BoardResponsibility": "the organisation's team (induction views)",
    "induction.Comment": "induction.Activity",
    "induction.Endorsement": "induction.Activity",
    "learning.SetMembership": "learning.LearningSet",
    "learning.PendingSetPlace": "learning.LearningSet",
    "learning.Presentation": "learning.Meeting",
    "learning.Action": "learning.Meeting",
    "learning.Attendance": "learning.Meeting",
    "learning.Booking": "learning.Event",
    "learning.CheckIn": "learning.Buddying",
    "learning.Collaborative": PUBLIC + " once signed in (learning.collaboratives)",
    "learning.CollaborativeMember": "learning.Collaborative",
    "learning.Cycle": "learning.Collaborative",
    "learning.Community": PUBLIC + " once signed in (learning.communities)",
    "learning.Thread": "learning.Community",
    "learning.Reply": "learning.Community",
    "learning.Follow": "learning.Community",
    "learning.CommunityMember": "learning.Community",
    "learning.Announcement": "learning.Community",
    "learning.CommunityFile": "learning.Community: its members only (communities.files)",
    "learning.GroupMembership": "learning.StudyGroup",
    "learning.ItemPost": "learning.StudyGroup",
    "learning.PilotCaseStudy": "its pilot's, the organisation's team (indicators.permissions)",
    "library.PathwayStep": "library.Pathway",
    "library.ReadingListEntry": "library.ReadingList",
    "library.Comment": "library.LibraryItem: approved comments show on the item",
    "library.UsefulMark": "library.LibraryItem: counted, never listed by person",
    "library.Contribution": "the contributor's list and the editors' queue (library.permissions)",
    "people.Seat": "people.Profile",
    "people.Membership": "people.Profile; claims go to the organisation's lead",
    # One person's own.
    "core.User": OWN,
    "core.NotificationPreference": OWN,
    "core.UnsubscribeToken": OWN,
    "indicators.ApiToken": OWN,
    "induction.Feedback": OWN,
    "induction.Suggestion": OWN,
    "learning.BuddyProfile": OWN,
    "learning.CalendarFeed": OWN,
    "library.Certificate": OWN,
    "library.PathwayProgress": OWN,
    "people.ExternalIdentity": OWN,
    "people.RecoveryCode": OWN,
    "people.RecoveryCodeDevice": OWN,
    "people.SsoLinkRequest": OWN,
    "people.Invitation": "its holder, through the address sent to them",
    # Never shown in the service (administrators read them in the Django admin).
    "core.AuditEvent": "never shown: the audit log, for administrators in the Django admin",
    "core.ScheduledJobRun": "never shown: the scheduler's bookkeeping",
    "library.SearchDocument": "never shown: the search index; matches are checked per item",
    "learning.BreakGlassGrant": "never shown: audited, for administrators in the Django admin",
}

# Records with a rule that anyone may see some of: live library pages, national indicators,
# published results, the induction catalogue.
PUBLIC_WITH_RULE = {
    "library.LibraryItem",
    "library.Resource",
    "library.CaseStudy",
    "library.Pathway",
    "indicators.Indicator",
    "indicators.Result",
    "induction.Activity",
    "induction.Measure",
}


def _project_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("equityhub.")]


def _has_rule(model: type[Model]) -> bool:
    return hasattr(model._default_manager.get_queryset(), "visible_to")


def test_every_model_says_who_may_see_it() -> None:
    missing = [
        model._meta.label
        for model in _project_models()
        if not _has_rule(model) and model._meta.label not in NO_RULE
    ]
    assert not missing, (
        "Give these a visible_to(user) queryset method, or list them in NO_RULE with the "
        f"reason they need none: {missing}"
    )


def test_the_list_of_exceptions_is_current() -> None:
    labels = {model._meta.label: model for model in _project_models()}
    stale = [label for label in NO_RULE if label not in labels or _has_rule(labels[label])]
    assert not stale, f"These now have visible_to or no longer exist; remove them: {stale}"
    # A record shown as part of another is covered by that one's rule, so it must have one.
    parents = {reason.split(":")[0].split(";")[0] for reason in NO_RULE.values()} & set(labels)
    uncovered = [p for p in parents if not _has_rule(labels[p]) and PUBLIC not in NO_RULE[p]]
    assert not uncovered, f"Shown as part of these, which have no rule: {uncovered}"


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_only_what_is_public() -> None:
    anonymous = AnonymousUser()
    for model in _project_models():
        if not _has_rule(model) or model._meta.label in PUBLIC_WITH_RULE:
            continue
        shown = model._default_manager.get_queryset().visible_to(anonymous)
        assert _matches_nothing(shown), f"{model._meta.label}.visible_to(anonymous) is not empty"


def _matches_nothing(records: QuerySet[Model]) -> bool:
    """True when the query cannot match a row, whatever is stored (not merely nothing now)."""
    if records.query.is_empty():
        return True
    try:
        records.query.get_compiler(using=records.db).as_sql()
    except EmptyResultSet:  # filtered on an empty subquery, such as another rule's none()
        return True
    return False
