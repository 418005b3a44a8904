"""Notifications: in-app, email by preference, digests, one-click unsubscribe."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from equityhub.core import notifications, scheduler
from equityhub.core.models import Delivery, Notification, UnsubscribeToken
from equityhub.core.scheduler import register_periodic_job, run_due_jobs

pytestmark = pytest.mark.django_db(transaction=True)


def test_notify_emails_immediately_by_default(make_user: Any, mailoutbox: list[Any]) -> None:
    user = make_user()
    notifications.notify(recipients=[user], kind="account", title="Your role was approved")
    assert Notification.objects.visible_to(user).unread().count() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Your role was approved"
    assert "/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_unknown_kind_is_refused(make_user: Any) -> None:
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notifications.notify(recipients=[make_user()], kind="nope", title="x")


def test_in_app_only_sends_no_email(make_user: Any, mailoutbox: list[Any]) -> None:
    user = make_user()
    notifications.preference_set(user=user, kind="account", delivery=Delivery.IN_APP)
    notifications.notify(recipients=[user], kind="account", title="Hello")
    assert mailoutbox == []
    assert Notification.objects.visible_to(user).count() == 1


def test_daily_digest_gathers_waiting_notifications(make_user: Any, mailoutbox: list[Any]) -> None:
    user = make_user()
    notifications.preference_set(user=user, kind="account", delivery=Delivery.DAILY)
    for title in ("First", "Second"):
        notifications.notify(recipients=[user], kind="account", title=title)
    assert mailoutbox == []
    assert notifications.send_digests(frequency=Delivery.DAILY) == 1
    assert len(mailoutbox) == 1
    assert "First" in mailoutbox[0].body and "Second" in mailoutbox[0].body
    assert notifications.send_digests(frequency=Delivery.DAILY) == 0  # nothing twice


def test_unsubscribe_link_works_once_and_only_for_its_owner(
    make_user: Any, mailoutbox: list[Any]
) -> None:
    owner, other = make_user(), make_user()
    notifications.notify(recipients=[owner], kind="account", title="Hello")
    token = UnsubscribeToken.objects.get(user=owner).token
    client = Client()
    assert client.get(f"/unsubscribe/{token}/").status_code == 200  # a page, no change yet
    assert notifications.delivery_for(owner, "account") == Delivery.IMMEDIATE
    assert client.post(f"/unsubscribe/{token}/").status_code == 200
    assert notifications.delivery_for(owner, "account") == Delivery.IN_APP
    assert notifications.delivery_for(other, "account") == Delivery.IMMEDIATE
    again = client.post(f"/unsubscribe/{token}/")
    assert again.status_code == 404
    assert "expired" in again.content.decode()


def test_preferences_page_saves_choices(make_user: Any) -> None:
    user = make_user()
    client = Client()
    client.force_login(user)
    every_kind = {kind: "immediate" for kind in notifications.NOTIFICATION_KINDS}
    response = client.post("/notifications/preferences/", {**every_kind, "account": "weekly"})
    assert response.status_code == 302
    assert notifications.delivery_for(user, "account") == Delivery.WEEKLY
    bad = client.post("/notifications/preferences/", {"account": "hourly", "digest": "daily"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    assert notifications.delivery_for(user, "digest") == Delivery.IMMEDIATE


def test_notification_list_marks_read(make_user: Any) -> None:
    user = make_user()
    notifications.preference_set(user=user, kind="account", delivery=Delivery.IN_APP)
    notifications.notify(recipients=[user], kind="account", title="Welcome")
    client = Client()
    client.force_login(user)
    assert "Welcome" in client.get("/notifications/").content.decode()
    client.post("/notifications/")
    assert Notification.objects.visible_to(user).unread().count() == 0


def test_scheduler_runs_a_job_once_per_interval() -> None:
    calls: list[int] = []
    register_periodic_job(
        "test.job", every=datetime.timedelta(hours=1), enqueue=lambda: calls.append(1)
    )
    now = timezone.now()
    try:
        assert "test.job" in run_due_jobs(now)
        assert "test.job" not in run_due_jobs(now + datetime.timedelta(minutes=30))
        assert "test.job" in run_due_jobs(now + datetime.timedelta(hours=1, minutes=1))
    finally:
        scheduler._jobs.pop("test.job")
    assert calls == [1, 1]
