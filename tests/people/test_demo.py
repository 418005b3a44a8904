"""The demo people: every role present, real trusts, coverage gaps, and idempotent."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from equityhub.core.models import User
from equityhub.people.demo import demo_people_load
from equityhub.people.models import GlobalRole, Membership, Organisation, Profile, Structure

pytestmark = pytest.mark.django_db

PASSWORD = "demo password 123"


def _row_counts() -> dict[str, int]:
    models = [*apps.get_app_config("people").get_models(), User, Group]
    return {model._meta.label: model.objects.count() for model in models}


def test_loading_twice_changes_nothing() -> None:
    first = demo_people_load(PASSWORD)
    counts = _row_counts()
    passwords = dict(User.objects.values_list("email", "password"))
    assert demo_people_load(PASSWORD) == first
    assert _row_counts() == counts
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_one_printed_sign_in_per_role_that_works() -> None:
    sign_ins = demo_people_load(PASSWORD)
    labels = [label for label, _, _ in sign_ins]
    assert labels == [
        "lead",
        "team member",
        "board member",
        "partner",
        "facilitator",
        "content editor",
        "administrator",
    ]
    for _, email, password in sign_ins:
        assert email.endswith("@example.nhs.uk")
        assert User.objects.get(email=email).check_password(password)


def test_people_in_every_role_around_real_trusts() -> None:
    demo_people_load(PASSWORD)
    assert 25 <= Profile.objects.count() <= 40
    leads = Membership.objects.leads()
    assert leads.count() >= 12
    trusts = Organisation.objects.filter(memberships__isnull=False, kind="trust").distinct()
    assert trusts.count() >= 10
    assert set(trusts.values_list("region__code", flat=True)) >= {"Y56", "Y58", "Y60", "Y62", "Y63"}
    assert len(set(Profile.objects.exclude(post="").values_list("post", flat=True))) >= 8
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"local_authority", "vcse", "trust", "icb"} <= kinds
    assert Group.objects.get(name=GlobalRole.FACILITATOR).user_set.exists()
    assert Group.objects.get(name=GlobalRole.CONTENT_EDITOR).user_set.exists()
    assert User.objects.filter(is_superuser=True).exists()


def test_some_structures_have_no_lead_among_their_members() -> None:
    demo_people_load(PASSWORD)
    lead_ids = set(Membership.objects.leads().values_list("user_id", flat=True))
    without = [
        s for s in Structure.objects.all() if not {x.user_id for x in s.seats.all()} & lead_ids
    ]
    assert 3 <= len(without) < Structure.objects.count()


def test_a_new_password_is_applied_on_the_next_run() -> None:
    demo_people_load(PASSWORD)
    _, email, _ = demo_people_load("another password 456")[0]
    assert User.objects.get(email=email).check_password("another password 456")


def test_the_demo_board_member_holds_only_the_board_role() -> None:
    sign_ins = {label: email for label, email, _ in demo_people_load(PASSWORD)}
    chair = User.objects.get(email=sign_ins["board member"])
    roles = set(chair.memberships.values_list("role", "status"))
    assert roles == {("board", "approved")}
    assert chair.profile.post == "chair"
