"""New for me: new items matched to each person's profile interests and post, sent through the
foundation's notifications (immediately, in a digest, or in the app only) with unsubscribe."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone


@pytest.fixture
def readers(make_user: Any) -> dict[str, Any]:
    from equityhub.people.models import Interest, Profile

    def person(name: str, post: str, interests: list[str]) -> Any:
        user = make_user(full_name=name)
        profile = Profile.objects.create(user=user, post=post)
        profile.interests.set([Interest.objects.get_or_create(name=n)[0] for n in interests])
        return user

    return {
        "fiona": person("Fiona Finance", "finance_director", ["Maternity", "ethnicity"]),
        "idle": person("Ivan Idle", "other", ["Croquet"]),
        "noprofile": make_user(full_name="Nora Noprofile"),
    }


@pytest.fixture
def shelf(make_item: Any, filler: Any) -> dict[str, Any]:
    from equityhub.library.models import LibraryItem

    items = {
        "maternity": make_item(
            title="Continuity of carer in deprived areas", topics=("maternity",)
        ),
        "ethnic": make_item(title="Recording ethnicity well", topics=("ethnicity",)),
        "finance": make_item(title="Costing the gap", audiences=("finance",)),
        "members": make_item(
            title="Members maternity workshop", topics=("maternity",), members_only=True
        ),
        "unrelated": make_item(title="Hypertension case-finding", topics=("hypertension",)),
        "old": make_item(title="Older maternity review", topics=("maternity",)),
        "draft": make_item(title="Draft maternity note", topics=("maternity",), live=False),
        "pathway": make_item("pathway", title="Maternity pathway", topics=("maternity",)),
    }
    long_ago = timezone.now() - datetime.timedelta(days=40)
    LibraryItem.objects.filter(pk=items["old"].pk).update(first_published_at=long_ago)
    filler_ago = timezone.now() - datetime.timedelta(days=60)
    LibraryItem.objects.filter(pk__in=[f.pk for f in filler]).update(first_published_at=filler_ago)
    return items


def _send(capture: Any) -> int:
    from equityhub.library.new_for_me import send_new_for_me

    with capture(execute=True):
        return send_new_for_me()


def test_profile_interests_and_post_become_topics_and_groups(readers: dict[str, Any]) -> None:
    from equityhub.library.new_for_me import interests_for

    found = interests_for(readers["fiona"])
    assert {t.slug for t in found.topics} == {"maternity", "ethnicity"}
    assert [a.slug for a in found.audiences] == ["finance"]
    assert interests_for(readers["idle"]).empty
    assert interests_for(readers["noprofile"]).empty


def test_digest_lists_new_matching_items_once(
    readers: dict[str, Any],
    shelf: dict[str, Any],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from equityhub.core.models import Notification
    from equityhub.library.new_for_me import NEW_FOR_ME_KIND

    assert _send(django_capture_on_commit_callbacks) == 1
    (note,) = Notification.objects.filter(kind=NEW_FOR_ME_KIND)
    assert note.recipient == readers["fiona"]
    assert note.title == "New in the library for you: 4 items"
    for key in ("maternity", "ethnic", "finance", "members"):
        assert shelf[key].title in note.body
    for key in ("unrelated", "old", "draft", "pathway"):
        assert shelf[key].title not in note.body
    assert note.link == "/library/new/for-me/"
    (email,) = mailoutbox
    assert "Costing the gap" in email.body and "/unsubscribe/" in email.body
    # Nothing new since: nothing is sent again.
    assert _send(django_capture_on_commit_callbacks) == 0


def test_unsubscribe_stops_the_emails_but_not_the_notifications(
    readers: dict[str, Any],
    shelf: dict[str, Any],
    make_item: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from equityhub.core.models import Notification
    from equityhub.library.new_for_me import NEW_FOR_ME_KIND

    _send(django_capture_on_commit_callbacks)
    link = next(line for line in mailoutbox[0].body.splitlines() if "/unsubscribe/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert Client().post(f"/unsubscribe/{token}/").status_code == 200
    make_item(title="A later maternity audit", topics=("maternity",))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert len(mailoutbox) == 1  # no second email
    latest = Notification.objects.filter(kind=NEW_FOR_ME_KIND).latest("created_at")
    assert latest.body.strip() == "- A later maternity audit (Evidence summary)"


def test_weekly_digest_carries_the_new_items(
    readers: dict[str, Any],
    shelf: dict[str, Any],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from equityhub.core import notifications
    from equityhub.core.models import Delivery
    from equityhub.library.new_for_me import NEW_FOR_ME_KIND

    fiona = readers["fiona"]
    notifications.preference_set(user=fiona, kind=NEW_FOR_ME_KIND, delivery=Delivery.WEEKLY)
    _send(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert notifications.send_digests(frequency=Delivery.WEEKLY) == 1
    assert "Recording ethnicity well" in mailoutbox[0].body


def test_new_for_me_page_and_home(
    readers: dict[str, Any], shelf: dict[str, Any], client_for: Any
) -> None:
    fiona = client_for(readers["fiona"])
    text = fiona.get("/library/new/for-me/").text
    assert "Continuity of carer in deprived areas" in text
    assert "Hypertension case-finding" not in text
    assert "Older maternity review" not in text
    assert "4 new items on your topics and for your role" in fiona.get("/").text
    idle = client_for(readers["idle"]).get("/library/new/for-me/").text
    assert "does not give us anything to match yet" in idle
    assert client_for(None).get("/library/new/for-me/").status_code == 302
