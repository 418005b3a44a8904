"""Background work of the library: weekly review reminders to each item's review owner
(editors when an item has no owner), through the foundation's notifications and digest."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from equityhub.core.notifications import notify
from equityhub.library.linkcheck import check_all
from equityhub.library.linkcheck import link_works as link_works  # its former home
from equityhub.library.permissions import editors
from equityhub.library.selectors import overdue_reviews

REVIEW_KIND = "library.review"


def review_reminders() -> int:
    """Tell each owner which of their items are past their review date. Returns people told."""
    by_person: dict[Any, list[str]] = defaultdict(list)
    fallback = editors()
    for item in overdue_reviews():
        for person in [item.review_owner] if item.review_owner else fallback:
            by_person[person].append(item.title)
    for person, titles in by_person.items():
        count = len(titles)
        notify(
            recipients=[person],
            kind=REVIEW_KIND,
            title=f"{count} library {'item is' if count == 1 else 'items are'} due for review",
            body="\n".join(titles[:20]),
            link=reverse("library:queue"),
        )
    return len(by_person)


@task()
def send_review_reminders() -> int:
    return review_reminders()


@task()
def send_new_for_me_task() -> int:
    from equityhub.library.new_for_me import send_new_for_me

    return send_new_for_me()


def check_links() -> int:
    """Check every live resource's web address and flag the broken ones. Returns the count."""
    from equityhub.library.models import Resource

    links = dict(Resource.objects.live().exclude(link="").values_list("pk", "link"))
    works = check_all(links.values())
    broken = 0
    for pk, link in links.items():
        failed = not works[link]
        broken += failed
        Resource.objects.filter(pk=pk).update(link_broken=failed, link_checked_at=timezone.now())
    return broken


@task()
def check_links_task() -> int:
    return check_links()
