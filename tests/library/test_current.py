"""Keeping the library current: review reminders, the new-and-updated page and Atom feed."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group

from equityhub.core.models import Notification
from equityhub.library.tasks import review_reminders

LONG_AGO = datetime.date(2020, 1, 1)
FUTURE = datetime.date(2099, 1, 1)


def test_review_reminders_go_to_owners_or_else_editors(
    make_item: Any, make_user: Any, library: Any
) -> None:
    owner = make_user(full_name="Rita Reviewer")
    editor = make_user(full_name="Eddie Editor")
    editor.groups.add(Group.objects.get(name="Content editors"))
    make_item(title="Owned and overdue", last_review_date=LONG_AGO, review_owner=owner)
    make_item(title="Unowned and overdue", last_review_date=LONG_AGO)
    make_item(title="Current", last_review_date=FUTURE, review_owner=owner)
    assert review_reminders() == 2
    told = Notification.objects.get(recipient=owner, kind="library.review")
    assert told.title == "1 library item is due for review"
    assert "Owned and overdue" in told.body and "Current" not in told.body
    assert "Unowned" in Notification.objects.get(recipient=editor, kind="library.review").body


def test_feed_and_new_page_show_public_items(make_item: Any, client: Any) -> None:
    make_item(title="Open report")
    make_item(title="Members report", members_only=True)
    feed = client.get("/library/new/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Open report" in body and "Members report" not in body
    assert "http://" in body and "/library/" in body
    page = client.get("/library/new/").content.decode()
    assert "Open report" in page and "Members report" not in page


def test_periodic_review_sets_the_next_date_and_lists_overdue_items_for_editors(
    make_item: Any, personas: dict[str, Any], client_for: Any
) -> None:
    from dateutil.relativedelta import relativedelta

    reviewed = datetime.date(2024, 3, 15)
    item = make_item(title="Reviewed a while ago", last_review_date=reviewed)
    assert item.next_review_date == reviewed + relativedelta(months=12)  # the default frequency
    assert item.freshness == "overdue"
    make_item(title="Never reviewed")
    editor = client_for(personas["administrator"])
    assert editor.get("/cms/").status_code == 200  # the package's dashboard panels
    report = editor.get("/cms/reports/periodic-review/")
    assert report.status_code == 200
    text = report.content.decode()
    assert "Reviewed a while ago" in text and "Never reviewed" not in text
    page = client_for(None).get(item.url).content.decode()
    assert "Last reviewed 15 March 2024" in page and "a review is overdue" in page
