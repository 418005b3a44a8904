"""The "new and updated" Atom feed: public items only, newest change first."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from equityhub.core.site import site_url
from equityhub.library.models import LibraryItem

FEED_SIZE = 30


def recently_changed(user: Any) -> Any:
    return LibraryItem.objects.visible_to(user).order_by("-last_published_at")


class NewAndUpdatedFeed(Feed):
    feed_type = Atom1Feed
    title = "Equity Hub library: new and updated"
    subtitle = "Evidence, methods and case studies on reducing health inequalities."
    link = reverse_lazy("library:new")
    # RFC 4287 §4.1.1: an Atom entry needs an author unless the feed has one; give both, so
    # feed readers show who wrote each item and fall back to the platform.
    author_name = "Equity Hub"

    def items(self) -> Any:
        return recently_changed(None)[:FEED_SIZE]

    def item_title(self, item: LibraryItem) -> str:
        return item.title

    def item_description(self, item: LibraryItem) -> str:
        return item.summary

    def item_author_name(self, item: LibraryItem) -> str:
        return item.authors or item.publisher or self.author_name

    def item_link(self, item: LibraryItem) -> str:
        return site_url() + (item.url or "")

    def item_updateddate(self, item: LibraryItem) -> datetime.datetime | None:
        return item.last_published_at

    def item_pubdate(self, item: LibraryItem) -> datetime.datetime | None:
        return item.first_published_at
