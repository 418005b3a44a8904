"""Library pages on Wagtail: the library index, resources and case studies.

Every item lives directly under the one LibraryIndexPage and is served at /library/<slug>/
(`get_url_parts` points Wagtail's links there); members-only items ask anonymous visitors to
sign in. Topics and audiences are data (see taxonomy.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_periodic_review.models import PeriodicReviewMixin

from equityhub.core.site import site_url
from equityhub.library.blocks import body_blocks
from equityhub.library.certificates import Certificate  # noqa: F401
from equityhub.library.contributions import Contribution, ContributionStatus  # noqa: F401
from equityhub.library.engagement import Comment, UsefulMark  # noqa: F401
from equityhub.library.pathways import (  # noqa: F401
    PathwayProgress,
    PathwayStep,
    ReadingList,
    ReadingListEntry,
)
from equityhub.library.querysets import LibraryItemManager
from equityhub.library.search_index import SearchDocument  # noqa: F401
from equityhub.library.taxonomy import Audience, Topic, TopicGroup  # noqa: F401

REVIEW_DUE_SOON_DAYS = 30
# Addresses under /library/ that are not pages.
RESERVED_SLUGS = {
    "search",
    "topics",
    "for",
    "suggest",
    "contributions",
    "editors",
    "new",
    "feed",
    "reading-lists",
    "pathways",
    "certificates",
}


class Kind(models.TextChoices):
    EVIDENCE_SUMMARY = "evidence_summary", "Evidence summary"
    RESEARCH = "research", "Research"
    METHOD = "method", "Method or tool"
    GUIDANCE = "guidance", "Guidance"
    DATA_SOURCE = "data_source", "Data source"
    TRAINING = "training", "Training or course"
    RECORDING = "recording", "Recording"
    TEMPLATE = "template", "Template"
    LIVED_EXPERIENCE = "lived_experience", "Lived-experience story"
    CASE_STUDY = "case_study", "Case study"
    PATHWAY = "pathway", "Learning pathway"


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    ADVANCED = "advanced", "Advanced"


class Geography(models.TextChoices):
    ENGLAND = "england", "England"
    UK = "uk", "United Kingdom"
    REGION = "region", "NHS region"
    SYSTEM = "system", "Integrated care system"
    PLACE = "place", "Place or neighbourhood"
    INTERNATIONAL = "international", "International"


class EvidenceType(models.TextChoices):
    REVIEW = "review", "Review of evidence"
    STUDY = "study", "Research study"
    EVALUATION = "evaluation", "Evaluation"
    POLICY = "policy", "Policy or guidance"
    DATA = "data", "Data and statistics"
    PRACTICE = "practice", "Practice example"
    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    OPINION = "opinion", "Expert view"


class Freshness(models.TextChoices):
    CURRENT = "current", "Reviewed and current"
    DUE_SOON = "due_soon", "Review due within a month"
    OVERDUE = "overdue", "Review overdue"


class LibraryIndexPage(Page):
    """The one parent of all library items; served by the library's own index view."""

    intro = models.TextField(blank=True)
    template = "library/index.jinja"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["library.Resource", "library.CaseStudy", "library.Pathway"]
    max_count = 1

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        return (parts[0] if parts else None, site_url(), reverse("library:index"))

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("library:index")


class LibraryItem(PeriodicReviewMixin, Page):
    """What resources, case studies and pathways share: the fields search and facets use.

    Review dates come from wagtail-periodic-review: editors record ``last_review_date`` and the
    package sets ``next_review_date`` from the review frequency for each page type (12 months
    unless changed in the Wagtail settings); its report and dashboard panels are in /cms/.
    The review owner is ours.
    """

    summary = models.TextField(help_text="Two or three plain-English sentences.")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.EVIDENCE_SUMMARY)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.INTRODUCTORY)
    members_only = models.BooleanField(
        default=False, help_text="Only people who have signed in can read it."
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="items")
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="items")
    geography = models.CharField(
        max_length=20, choices=Geography.choices, default=Geography.ENGLAND
    )
    publisher = models.CharField(max_length=200, blank=True)
    authors = models.CharField(max_length=400, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    review_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributed_by = models.CharField(
        max_length=200, blank=True, help_text="Credit shown to readers for a suggestion."
    )

    objects = LibraryItemManager()

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("publisher"),
        index.SearchField("authors"),
        index.AutocompleteField("summary"),
        index.FilterField("kind"),
        index.FilterField("level"),
        index.FilterField("members_only"),
        index.FilterField("geography"),
        index.FilterField("publication_date"),
        index.FilterField("next_review_date"),
    ]
    item_panels = [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("level"), FieldPanel("topics"), FieldPanel("audiences")],
            heading="Who and what it is for",
        ),
        MultiFieldPanel(
            [FieldPanel("publisher"), FieldPanel("authors"), FieldPanel("publication_date")],
            heading="Source",
        ),
        FieldPanel("geography"),
        FieldPanel("members_only"),
    ]
    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("last_review_date"),
                FieldPanel("review_owner"),
                FieldPanel("current_version_ref"),
                FieldPanel("current_version_compiled_by"),
            ],
            heading="Keeping it current (periodic review)",
        ),
        FieldPanel("contributed_by"),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "library item"

    @property
    def freshness(self) -> str:
        if self.next_review_date is None:
            return ""
        today = timezone.localdate()
        if self.next_review_date < today:
            return Freshness.OVERDUE
        if self.next_review_date <= today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS):
            return Freshness.DUE_SOON
        return Freshness.CURRENT

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the library itself"})

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        if not self.slug:  # not saved yet (periodic review asks while saving)
            return parts
        path = reverse("library:page", kwargs={"slug": self.slug})
        return (parts[0] if parts else None, site_url(), path)

    def get_url(self, request: HttpRequest | None = None, current_site: Any = None) -> str:
        """Always the local address: the library lives on this site whatever Wagtail's sites say."""
        return reverse("library:page", kwargs={"slug": self.slug})

    url = property(get_url)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from equityhub.library.selectors import item_context

        context = super().get_context(request, *args, **kwargs)
        context.update(item_context(self, request))
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.members_only and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)


class Resource(LibraryItem):
    body = StreamField(body_blocks(), blank=True)
    link = models.URLField(blank=True, max_length=500, help_text="Where to read it.")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence_type = models.CharField(max_length=20, choices=EvidenceType.choices, blank=True)
    licence = models.CharField(max_length=120, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_broken = models.BooleanField(default=False, editable=False)

    template = "library/resource.jinja"
    search_fields = [
        *LibraryItem.search_fields,
        index.SearchField("body"),
        index.FilterField("evidence_type"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        *LibraryItem.item_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("link"),
                FieldPanel("document"),
                FieldPanel("doi"),
                FieldPanel("evidence_type"),
                FieldPanel("licence"),
            ],
            heading="Where to find it",
        ),
        *LibraryItem.review_panels,
    ]


class CaseStudy(LibraryItem):
    context = models.TextField("Context", blank=True)
    problem = models.TextField("The problem", blank=True)
    what_was_done = models.TextField("What was done", blank=True)
    measures_used = models.TextField("Measures used", blank=True)
    results = models.TextField("Results", blank=True)
    learning = models.TextField("What was learned", blank=True)
    organisation_name = models.CharField("Organisation", max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    is_illustrative = models.BooleanField(
        "Illustrative (fictional) example",
        default=False,
        help_text="Readers are told that the organisation and people are made up.",
    )

    template = "library/case_study.jinja"
    SECTIONS = ("context", "problem", "what_was_done", "measures_used", "results", "learning")
    search_fields = [
        *LibraryItem.search_fields,
        *(index.SearchField(name) for name in SECTIONS),
        index.SearchField("organisation_name"),
    ]
    content_panels = [
        *Page.content_panels,
        *LibraryItem.item_panels,
        *(FieldPanel(name) for name in SECTIONS),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("contact"), FieldPanel("is_illustrative")],
            heading="Who did it",
        ),
        *LibraryItem.review_panels,
    ]

    class Meta:
        verbose_name_plural = "case studies"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = Kind.CASE_STUDY
        super().save(*args, **kwargs)

    def sections(self) -> list[tuple[str, str]]:
        fields = [self._meta.get_field(name) for name in self.SECTIONS]
        return [
            (str(f.verbose_name), getattr(self, f.name)) for f in fields if getattr(self, f.name)
        ]


class Pathway(LibraryItem):
    """A learning pathway: resources in order, for an audience and level."""

    introduction = models.TextField(blank=True)
    leads_to_certificate = models.BooleanField(
        default=False,
        help_text="Readers who complete every step with a reflection can ask for a certificate.",
    )
    template = "library/pathway.jinja"
    search_fields = [*LibraryItem.search_fields, index.SearchField("introduction")]
    content_panels = [
        *Page.content_panels,
        *LibraryItem.item_panels,
        FieldPanel("introduction"),
        FieldPanel("leads_to_certificate"),
        InlinePanel("steps", label="Steps", min_num=1),
        *LibraryItem.review_panels,
    ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = Kind.PATHWAY
        super().save(*args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from equityhub.library.selectors import pathway_context

        context = super().get_context(request, *args, **kwargs)
        context.update(pathway_context(self, request))
        return context
