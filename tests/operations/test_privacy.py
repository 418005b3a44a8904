"""Privacy rights: the registry covers every model, download, deletion, retention."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.utils import timezone

from equityhub.core.models import AuditEvent, Notification, User
from equityhub.core.privacy.registry import (
    FORMER_MEMBER_DOMAIN,
    holdings,
    is_covered,
    links_to_accounts,
)
from equityhub.core.privacy.services import (
    ErasureRefused,
    account_erase,
    erase_inactive_accounts,
    personal_data,
)
from equityhub.core.scheduler import periodic_jobs
from equityhub.learning.models import Community, LearningSet, Reply, Thread
from equityhub.library.contributions import Contribution
from equityhub.people.models import Profile
from tests.conftest import PASSWORD


def test_every_link_to_an_account_is_registered_by_a_privacy_module() -> None:
    missing = [
        f"{model._meta.label}.{name}"
        for model, name in links_to_accounts()
        if not is_covered(model, name)
    ]
    assert not missing, (
        "These models link to a person's account but no app's privacy.py registers them "
        f"(see equityhub.core.privacy.registry): {', '.join(missing)}"
    )


def test_every_registration_names_a_real_link_and_keeps_nothing_that_would_cascade() -> None:
    links = {(m._meta.label_lower, name) for m, name in links_to_accounts()}
    for holding in holdings():
        key = (holding.model._meta.label_lower, holding.field_name)
        assert key in links, f"{holding.model_label}.{holding.field_name} is not a link"
        field = holding.model._meta.get_field(holding.field_name)
        on_delete = field.remote_field.on_delete  # type: ignore[union-attr]
        if holding.action == "keep":
            assert on_delete is not models.CASCADE, holding
        if holding.action == "detach":
            assert field.null, f"{holding.model_label}.{holding.field_name} cannot be cleared"


@pytest.fixture
def author(make_user: Any, organisation: Any) -> User:
    user = make_user(full_name="Priya Private", email="priya@example.nhs.uk")
    Profile.objects.create(user=user, organisation=organisation, bio="I lead on inequalities.")
    Notification.objects.create(recipient=user, kind="test", title="Hello Priya")
    return user


@pytest.fixture
def discussion(author: User, make_user: Any) -> Thread:
    other = make_user(full_name="Other Person")
    community = Community.objects.create(name="Anchor institutions", description="d")
    thread = Thread.objects.create(
        community=community, author=author, title="Local hiring", body="What worked for you?"
    )
    Reply.objects.create(thread=thread, author=other, body="Ring-fenced jobs.")
    Reply.objects.create(thread=thread, author=author, body="Thank you, very useful.")
    Contribution.objects.create(
        kind="resource", contributor=author, title="A guide", summary="Long enough summary.",
        credit_name="Priya Private",
    )  # fmt: skip
    return thread


@pytest.mark.django_db
def test_download_holds_everything_about_the_person_and_no_secrets(
    author: User, discussion: Thread, client_for: Any
) -> None:
    response = client_for(author).get("/accounts/my-data/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "priya@example.nhs.uk"
    by_model = {section["model"]: section["rows"] for section in data["data"]}
    assert by_model["people.Profile"][0]["bio"] == "I lead on inequalities."
    assert [row["title"] for row in by_model["learning.Thread"]] == ["Local hiring"]
    assert [row["body"] for row in by_model["learning.Reply"]] == ["Thank you, very useful."]
    assert by_model["core.Notification"][0]["title"] == "Hello Priya"
    assert "password" not in response.content.decode()
    assert "Ring-fenced" not in response.content.decode(), "another person's reply"


@pytest.mark.django_db
def test_personal_data_of_someone_else_is_not_included(author: User, make_user: Any) -> None:
    other = make_user()
    assert personal_data(other)["data"] == []


@pytest.mark.django_db
def test_deleting_needs_the_password_and_stores_nothing_when_wrong(
    author: User, discussion: Thread, client_for: Any
) -> None:
    client = client_for(author)
    wrong = client.post("/accounts/delete/", {"password": "wrong", "understood": "on"})
    assert wrong.status_code == 400
    assert "The password is not right" in wrong.content.decode()
    unconfirmed = client.post("/accounts/delete/", {"password": PASSWORD})
    assert "Confirm that you understand" in unconfirmed.content.decode()
    assert User.objects.filter(pk=author.pk).exists()
    assert Profile.objects.filter(user=author).exists()


@pytest.mark.django_db
def test_deleting_keeps_shared_contributions_without_the_name(
    author: User, discussion: Thread, client_for: Any
) -> None:
    client = client_for(author)
    response = client.post("/accounts/delete/", {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(email="priya@example.nhs.uk").exists()
    assert not Profile.objects.filter(bio__contains="inequalities").exists()
    assert not Notification.objects.filter(title="Hello Priya").exists()
    thread = Thread.objects.get(pk=discussion.pk)
    assert thread.author.email.endswith(FORMER_MEMBER_DOMAIN)
    assert str(thread.author) == "Former member"
    assert thread.replies.count() == 2
    suggestion = Contribution.objects.get(title="A guide")
    assert suggestion.contributor == thread.author
    assert suggestion.credit_name == ""
    event = AuditEvent.objects.get(action="account.deleted")
    assert "priya" not in json.dumps(event.detail)
    assert client.get("/people/me/").status_code == 302, "signed out"
    page = Client().get(f"/learning/communities/threads/{thread.pk}/")
    assert "Priya" not in page.content.decode()


@pytest.mark.django_db
def test_a_facilitator_of_a_running_set_hands_it_over_first(author: User, client_for: Any) -> None:
    LearningSet.objects.create(name="North set", facilitator=author, purpose="p", status="running")
    client = client_for(author)
    page = client.get("/accounts/delete/")
    assert "hand it to another facilitator first" in page.content.decode()
    client.post("/accounts/delete/", {"password": PASSWORD, "understood": "on"})
    assert User.objects.filter(pk=author.pk).exists()
    with pytest.raises(ErasureRefused):
        account_erase(user=author)


@pytest.mark.django_db
def test_the_former_member_account_cannot_sign_in_or_be_deleted(
    author: User, discussion: Thread
) -> None:
    account_erase(user=author)
    placeholder = User.objects.get(email__endswith=FORMER_MEMBER_DOMAIN)
    assert not placeholder.is_active and not placeholder.has_usable_password()
    with pytest.raises(ErasureRefused):
        account_erase(user=placeholder)


@pytest.mark.django_db
def test_retention_deletes_accounts_unused_for_the_set_period(
    make_user: Any, discussion: Thread, author: User, settings: Any
) -> None:
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 365
    now = timezone.now()
    author.last_login = now - datetime.timedelta(days=400)
    author.save()
    recent = make_user(last_login=now - datetime.timedelta(days=10))
    never = make_user(date_joined=now - datetime.timedelta(days=500))
    erased = erase_inactive_accounts(now)
    assert sorted(erased) == sorted([author.pk, never.pk])
    assert User.objects.filter(pk=recent.pk).exists()
    assert Thread.objects.get(pk=discussion.pk).author.email.endswith(FORMER_MEMBER_DOMAIN)


@pytest.mark.django_db
def test_retention_runs_as_a_daily_scheduled_job(make_user: Any, settings: Any) -> None:
    from equityhub.core.scheduler import run_due_jobs

    job = next(job for job in periodic_jobs() if job.name == "core.inactive-accounts")
    assert job.every == datetime.timedelta(days=1)
    stale = make_user(date_joined=timezone.now() - datetime.timedelta(days=3000))
    assert "core.inactive-accounts" in run_due_jobs()
    assert not User.objects.filter(pk=stale.pk).exists()


@pytest.mark.django_db
def test_the_privacy_notice_lists_what_is_held_and_for_how_long(client: Client) -> None:
    page = client.get("/privacy/").content.decode()
    assert "Your comments on library items" in page
    assert "730 days" in page
    assert "/accounts/my-data/" in page


@pytest.mark.django_db
def test_two_people_at_the_same_meeting_can_both_leave(make_user: Any) -> None:
    from equityhub.learning.models import Attendance, Meeting

    facilitator = make_user()
    learning_set = LearningSet.objects.create(
        name="Closed set", facilitator=facilitator, purpose="p", status="closed"
    )
    start = timezone.now()
    meeting = Meeting.objects.create(
        learning_set=learning_set, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    first, second = make_user(), make_user()
    for person in (first, second):
        Attendance.objects.create(meeting=meeting, user=person)
    account_erase(user=first)
    account_erase(user=second)
    account_erase(user=facilitator)
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    assert LearningSet.objects.get(pk=learning_set.pk).facilitator.full_name == "Former member"


@pytest.mark.django_db
def test_the_account_page_links_to_the_data_rights(make_user: Any, client_for: Any) -> None:
    page = client_for(make_user()).get("/people/me/").content.decode()
    assert "/accounts/my-data/" in page
    rights = client_for(make_user()).get("/accounts/my-data/").content.decode()
    assert "/accounts/my-data/download/" in rights and "/accounts/delete/" in rights
