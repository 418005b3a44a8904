"""Learning pathways with private progress, and the demo content."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from equityhub.library import demo, search
from equityhub.library.models import CaseStudy, LibraryItem, Pathway, Resource
from equityhub.library.pathways import PathwayProgress


def test_demo_content_loads_once_and_a_lead_can_follow_a_pathway(
    library: Any, personas: dict[str, Any], client_for: Any
) -> None:
    assert demo.load("pw") == []
    counts = (Resource.objects.count(), CaseStudy.objects.count(), Pathway.objects.count())
    assert counts[0] >= 40 and counts[1] == 8 and counts[2] == 3
    assert all(case.is_illustrative for case in CaseStudy.objects.all())
    revisions = sum(item.revisions.count() for item in LibraryItem.objects.all())
    demo.load("pw")
    assert (Resource.objects.count(), CaseStudy.objects.count(), Pathway.objects.count()) == counts
    assert sum(item.revisions.count() for item in LibraryItem.objects.all()) == revisions

    # The journey: search, filter to introductory, open a resource, follow a pathway.
    lead = client_for(personas["owner"])
    outcome = search.find(
        QueryDict("q=ethnicity+data+quality&level=introductory"), personas["owner"]
    )
    assert outcome.total >= 1
    first = search.items_for(outcome.ids[:1])[0]
    assert lead.get(first.url).status_code == 200

    pathway = Pathway.objects.get(slug="pathway-ethnicity-data")
    step = pathway.steps.order_by("sort_order").first()
    url = f"/library/{pathway.slug}/steps/{step.pk}/"
    assert lead.post(url, {"done": "on", "note": "x" * 6000}).status_code == 302
    assert not PathwayProgress.objects.exists()  # note too long: nothing saved
    lead.post(url, {"done": "on", "note": "Ask reception how they explain it."})
    progress = PathwayProgress.objects.get()
    assert progress.completed_at is not None
    mine = lead.get(pathway.url).content.decode()
    assert "You have done 1 of 4 steps" in mine and "Ask reception" in mine
    theirs = client_for(personas["member"]).get(pathway.url).content.decode()
    assert "Ask reception" not in theirs and "You have done 0 of 4 steps" in theirs

    # Members-only demo content is hidden from the public.
    assert client_for(None).get("/library/board-paper-template/").status_code == 302
