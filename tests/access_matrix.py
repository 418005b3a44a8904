"""Who may GET each page: the expected status for every named URL, per persona.

Every URL the project adds must have an entry here, or `test_access_matrix` fails. An entry is
the expected status per persona, and for URLs with parameters a function that builds them from
the test world (the personas and their organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The personas of the shared `personas` fixture; the board member comes from `board_member`.
SHARED_PERSONAS = ("anonymous", "outsider", "member", "owner", "administrator")
PERSONAS = (*SHARED_PERSONAS, "board")
SIGN_IN_REDIRECT = 302


@dataclass(frozen=True)
class Access:
    """Expected statuses per persona. The board member (a chair or non-executive director of the
    test organisation, read-only) is treated as an outsider unless an entry names "board": least
    privilege is the default, and each page the board may read says so."""

    statuses: dict[str, int]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})

    def __post_init__(self) -> None:
        if "board" not in self.statuses and "outsider" in self.statuses:
            self.statuses["board"] = self.statuses["outsider"]


def everyone(status: int = 200, **kwargs: Any) -> Access:
    return Access({p: status for p in PERSONAS}, **kwargs)


def signed_in(status: int = 200, **kwargs: Any) -> Access:
    statuses = {p: status for p in PERSONAS}
    statuses["anonymous"] = SIGN_IN_REDIRECT
    return Access(statuses, **kwargs)


def only(allowed: tuple[str, ...], *, denied: int = 403, **kwargs: Any) -> Access:
    """Signed-in personas outside `allowed` get `denied`; anonymous is sent to sign in."""
    statuses = {p: (200 if p in allowed else denied) for p in PERSONAS}
    statuses["anonymous"] = SIGN_IN_REDIRECT
    return Access(statuses, **kwargs)


def anonymous_only(**kwargs: Any) -> Access:
    """Pages for people who are not signed in (signed-in people are sent home)."""
    statuses = {p: 302 for p in PERSONAS}
    statuses["anonymous"] = 200
    return Access(statuses, **kwargs)


# URLs that take a token sent by email: they answer 404 for a token that does not exist.
def _bad_token(world: dict[str, Any]) -> dict[str, Any]:
    return {"token": "not-a-real-token"}


def _pending_claim(world: dict[str, Any]) -> dict[str, Any]:
    """A team-member claim by the outsider, waiting for the lead or an administrator."""
    from equityhub.people.models import Membership

    claim = Membership.objects.create(
        user=world["outsider"], organisation=world["organisation"], role="team_member"
    )
    return {"pk": claim.pk}


def _owner_profile(world: dict[str, Any]) -> dict[str, Any]:
    """The owner's directory profile (listed, so every signed-in persona may see it)."""
    from equityhub.people.models import Profile

    profile, _ = Profile.objects.get_or_create(user=world["owner"])
    return {"pk": profile.pk}


def _organisation_code(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": world["organisation"].code}


def _system_code(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": world["organisation"].system.code}


def _library_page(world: dict[str, Any]) -> dict[str, Any]:
    """A published public library resource (created once per test world)."""
    from equityhub.library.models import Resource
    from equityhub.library.pages import ensure_library_index

    found = Resource.objects.filter(slug="matrix-resource").first()
    if found is None:
        found = Resource(title="Matrix resource", slug="matrix-resource", summary="A public item.")
        ensure_library_index().add_child(instance=found)
        found.save_revision().publish()
    return {"slug": found.slug}


def _library_changes_requested(world: dict[str, Any]) -> dict[str, Any]:
    """The owner's suggestion, sent back by an editor for changes."""
    from equityhub.library.contributions import Contribution

    found = Contribution.objects.create(
        kind="resource",
        contributor=world["owner"],
        title="A suggestion",
        summary="A summary long enough to pass.",
        status="changes_requested",
    )
    return {"pk": found.pk}


def _library_submitted(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.library.contributions import Contribution

    found = Contribution.objects.create(
        kind="resource",
        contributor=world["owner"],
        title="A suggestion",
        summary="A summary long enough to pass.",
    )
    return {"pk": found.pk}


EXPECTED: dict[str, Access] = {
    # core
    "core:home": everyone(),
    "core:healthz": everyone(),
    "core:sign-in": everyone(),
    "core:sign-out": everyone(405),  # POST only
    "core:password-reset": everyone(),
    "core:password-reset-done": everyone(),
    "core:password-reset-confirm": everyone(
        200, kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "core:password-reset-complete": everyone(),
    "core:notifications": signed_in(),
    "core:notification-preferences": signed_in(),
    "core:unsubscribe": everyone(200, kwargs=_bad_token),
    "core:accessibility": everyone(),
    "core:privacy": everyone(),
    "core:contact": everyone(),
    # pillars (landing pages)
    "induction:index": everyone(),
    "library:index": everyone(),
    "library:search": everyone(),
    "library:topics": everyone(),
    "library:new": everyone(),
    "library:feed": everyone(),
    "library:export": everyone(),
    "library:import": only(("administrator",)),
    "library:topic": everyone(kwargs=lambda world: {"slug": "maternity"}),
    "library:audience": everyone(kwargs=lambda world: {"slug": "finance"}),
    "library:page": everyone(kwargs=_library_page),
    "library:useful": signed_in(405, kwargs=_library_page),  # POST only
    "library:comment": signed_in(405, kwargs=_library_page),  # POST only
    "library:propose-edit": signed_in(kwargs=_library_page),
    "library:step-progress": signed_in(  # POST only
        405, kwargs=lambda world: {**_library_page(world), "step": 1}
    ),
    "library:suggest": signed_in(kwargs=lambda world: {"kind": "case_study"}),
    "library:contributions": signed_in(),
    "library:revise": Access(
        {"anonymous": 302, "outsider": 404, "member": 404, "owner": 200, "administrator": 404},
        kwargs=_library_changes_requested,
    ),
    "library:queue": only(("administrator",)),
    "library:decide": only(("administrator",), kwargs=_library_submitted),
    "library:moderate-comment": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "learning:index": everyone(),
    "indicators:index": everyone(),
    # people
    "people:index": signed_in(),
    "people:me": signed_in(),
    "people:me-edit": signed_in(),
    "people:profile": signed_in(kwargs=_owner_profile),
    "people:profile-edit": only(("owner", "administrator"), kwargs=_owner_profile),
    "people:seat-add": signed_in(),
    "people:seat-end": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "people:organisations": signed_in(),
    "people:organisation": signed_in(kwargs=_organisation_code),
    "people:systems": signed_in(),
    "people:system": signed_in(kwargs=_system_code),
    "people:coverage": signed_in(),
    # people: accounts and roles
    "people:register": anonymous_only(),
    "people:register-sent": everyone(),
    "people:verify-email": everyone(404, kwargs=_bad_token),
    "people:invitation-accept": everyone(404, kwargs=_bad_token),
    "people:invitations": only(("administrator",)),
    "people:invite": only(("administrator",)),
    "people:invite-bulk": only(("administrator",)),
    "people:invitation-withdraw": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "people:roles": signed_in(),
    "people:role-withdraw": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "people:role-claim": signed_in(),
    "people:roles-pending": only(("owner", "administrator")),
    "people:role-decide": only(("owner", "administrator"), kwargs=_pending_claim),
    "people:lead-handover": only(
        ("owner", "administrator"), kwargs=lambda world: {"code": world["organisation"].code}
    ),
    # API
    "api:api-root": everyone(404),
    "api:openapi-json": everyone(),
    "api:openapi-view": everyone(),
    "api:list_systems": everyone(),
}


# indicators ----------------------------------------------------------------------------------


def _return_of_organisation(world: dict[str, Any]) -> dict[str, Any]:
    """A previewed data return of the test organisation (seen by its team and administrators)."""
    from equityhub.indicators.models import DataReturn

    data_return = DataReturn.objects.create(
        organisation=world["organisation"], filename="return.csv", file_format="csv"
    )
    return {"pk": data_return.pk}


def _return_with_problem_report(world: dict[str, Any]) -> dict[str, Any]:
    """A return of the test organisation whose background check kept a problem report."""
    from equityhub.indicators.models import DataReturn
    from equityhub.indicators.returns.problems import stored_report
    from equityhub.indicators.returns.validate import Problem

    report = stored_report([Problem("return.csv", 2, "area_code", "unknown code", "ZZZ")])
    data_return = DataReturn.objects.create(
        organisation=world["organisation"],
        filename="return.csv",
        file_format="csv",
        status="failed",
        problem_report=report,
    )
    return {"pk": data_return.pk}


# The report holds cells of the file: only the people who upload the organisation's returns read
# it. Administrators see that the return exists (403); nobody else does (404).
PROBLEM_REPORT = Access(
    {"anonymous": SIGN_IN_REDIRECT, "outsider": 404, "board": 404, "administrator": 403,
     "member": 200, "owner": 200},
    kwargs=_return_with_problem_report,
)  # fmt: skip


def _national_indicator(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.indicators.models import Indicator

    Indicator.objects.get_or_create(
        code="ae-four-hours",
        defaults={"name": "A&E", "description": "d", "type": "proportion",
                  "polarity": "higher_better", "source": "test"},
    )  # fmt: skip
    return {"org": world["organisation"].code, "code": "ae-four-hours"}


EXPECTED.update({
    "indicators:registry": everyone(),
    "indicators:indicator": everyone(
        kwargs=lambda world: {"code": _national_indicator(world)["code"]}
    ),
    "indicators:return-template": everyone(
        kwargs=lambda world: {"code": _national_indicator(world)["code"], "kind": "xlsx"}
    ),
    "indicators:return-categories": everyone(
        kwargs=lambda world: {"code": _national_indicator(world)["code"]}
    ),
    "indicators:returns": signed_in(),
    "indicators:upload": only(("member", "owner")),
    # a report of the last checked file's problems, kept in the person's own session
    "indicators:problems-report": signed_in(404),
    "indicators:return": only(("member", "owner", "administrator"), denied=404,
                              kwargs=_return_of_organisation),
    "indicators:return-problems-report": PROBLEM_REPORT,
    "indicators:return-commit": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "indicators:return-discard": signed_in(405, kwargs=lambda world: {"pk": 1}),
    "indicators:return-rollback": signed_in(405, kwargs=lambda world: {"pk": 1}),
    "indicators:results": everyone(kwargs=_national_indicator),
    "indicators:results-csv": everyone(kwargs=_national_indicator),
    "indicators:adopt": only(("member", "owner"), kwargs=_national_indicator),
    "indicators:local-new": only(("member", "owner")),
    "indicators:board-paper": only(
        ("member", "owner", "administrator", "board"),
        kwargs=lambda world: {"org": world["organisation"].code},
    ),
    "api:list_indicators": everyone(),
    "api:list_results": everyone(),
    "api:list_results_csv": everyone(),
})  # fmt: skip


# learning --------------------------------------------------------------------------------------
# A set facilitated by the owner, with the member as a member who presented and committed to an
# action. (The owner is not put in the Facilitators group: that would change the people pages'
# answers, and a set's facilitator needs no group.) Outsiders and administrators without
# break-glass get 404, so the set's existence stays hidden. Pages for the facilitator alone
# answer 403 to members, who know the set exists.


def _learning_set(world: dict[str, Any]) -> Any:
    import datetime

    from django.utils import timezone

    from equityhub.learning.models import (
        Action,
        LearningSet,
        Meeting,
        Presentation,
        SetMembership,
    )

    learning_set, created = LearningSet.objects.get_or_create(
        name="Matrix learning set", defaults={"facilitator": world["owner"], "purpose": "Test"}
    )
    if created:
        SetMembership.objects.create(
            learning_set=learning_set, user=world["member"], status="member"
        )
        start = timezone.now() - datetime.timedelta(days=1)
        meeting = Meeting.objects.create(
            learning_set=learning_set,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            location="Room 1",
        )
        presentation = Presentation.objects.create(
            meeting=meeting, presenter=world["member"], status="chosen", issue="Secret issue"
        )
        Action.objects.create(presentation=presentation, text="Secret action")
    return learning_set


def _set_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _learning_set(world).pk}


def _meeting_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _learning_set(world).meetings.get().pk}


def _presentation_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _learning_set(world).meetings.get().presentations.get().pk}


def _action_pk(world: dict[str, Any]) -> dict[str, Any]:
    presentation = _learning_set(world).meetings.get().presentations.get()
    return {"pk": presentation.actions.get().pk}


def _inside_set(
    allowed: dict[str, int], kwargs: Callable[[dict[str, Any]], dict[str, Any]]
) -> Access:
    """Outsiders and administrators get 404 inside a set; anonymous is sent to sign in."""
    statuses = {
        "anonymous": SIGN_IN_REDIRECT,
        "outsider": 404,
        "administrator": 404,
        "member": 404,
        "owner": 404,
        **allowed,
    }
    return Access(statuses, kwargs=kwargs)


def _community_pk(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.learning.models import Community

    community, _ = Community.objects.get_or_create(
        name="Matrix community", defaults={"description": "Test"}
    )
    return {"pk": community.pk}


def _thread_pk(world: dict[str, Any]) -> dict[str, Any]:
    """A thread started by the member (who may capture its learning)."""
    from equityhub.learning.models import Thread

    community = _community_pk(world)["pk"]
    thread, _ = Thread.objects.get_or_create(
        community_id=community,
        title="Matrix thread",
        defaults={"author": world["member"], "body": "Test"},
    )
    return {"pk": thread.pk}


FACILITATOR_ONLY = {"owner": 200, "member": 403}
PRESENTER_ONLY = {"owner": 403, "member": 200}

EXPECTED.update(
    {
        # Only people in the Facilitators group set up sets; no persona is in it (unit-tested).
        "learning:set-create": only(()),
        "learning:set": _inside_set({"owner": 200, "member": 200}, _set_pk),
        "learning:set-edit": _inside_set(FACILITATOR_ONLY, _set_pk),
        "learning:set-members": _inside_set(FACILITATOR_ONLY, _set_pk),
        "learning:set-join": signed_in(kwargs=_set_pk),  # an open set: its name and purpose only
        "learning:set-leave": signed_in(405, kwargs=_set_pk),  # POST only
        "learning:break-glass": _inside_set({"administrator": 200}, _set_pk),
        "learning:meeting-create": _inside_set(FACILITATOR_ONLY, _set_pk),
        "learning:membership-decide": signed_in(405, kwargs=lambda world: {"pk": 1}),
        "learning:meeting": _inside_set({"owner": 200, "member": 200}, _meeting_pk),
        "learning:meeting-bid": signed_in(405, kwargs=_meeting_pk),
        "learning:attendance": _inside_set(FACILITATOR_ONLY, _meeting_pk),
        "learning:presentation": _inside_set(PRESENTER_ONLY, _presentation_pk),
        "learning:presenter-choose": signed_in(405, kwargs=_presentation_pk),
        "learning:action-review": _inside_set(PRESENTER_ONLY, _action_pk),
        "learning:calendar": signed_in(),
        "learning:calendar-feed": everyone(404, kwargs=_bad_token),
        # Communities of practice: open to every signed-in person.
        "learning:communities": signed_in(),
        "learning:community-create": only(("administrator",)),  # and facilitators
        "learning:community": signed_in(kwargs=_community_pk),
        "learning:thread": signed_in(kwargs=_thread_pk),
        "learning:thread-follow": signed_in(405, kwargs=_thread_pk),
        "learning:thread-capture": only(("member",), kwargs=_thread_pk),  # author or facilitator
        # API: session only; a set that is not yours answers 404.
        "api:list_my_sets": _inside_set(
            {"outsider": 200, "member": 200, "owner": 200, "administrator": 200, "anonymous": 401},
            lambda world: {},
        ),
        "api:get_set": _inside_set(
            {"member": 200, "owner": 200, "anonymous": 401},
            lambda world: {"set_id": _learning_set(world).pk},
        ),
    }
)


def _merge_area_entries() -> None:
    """Add the entries each area keeps in its own module under `tests/access/`."""
    import importlib
    import pkgutil

    import tests.access as areas

    for module_info in pkgutil.iter_modules(areas.__path__):
        module = importlib.import_module(f"tests.access.{module_info.name}")
        duplicated = set(module.ENTRIES) & set(EXPECTED)
        assert not duplicated, f"tests/access/{module_info.name}.py repeats {sorted(duplicated)}"
        EXPECTED.update(module.ENTRIES)


_merge_area_entries()
