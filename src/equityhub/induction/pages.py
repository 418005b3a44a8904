"""Role guides as Wagtail pages, so editors write and revise them in the CMS.

All guides live under one RoleGuideIndexPage and are served at /induction/guides/<slug>/.
Each section is plain text; a blank line starts a new paragraph.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from equityhub.core.site import site_url

SECTIONS = (
    ("role_is", "What the role is"),
    ("role_is_not", "What the role is not"),
    ("structures", "How organisations have set up the role"),
    ("sharing", "Sharing the work with board colleagues"),
    ("first_90_days", "Your first 90 days"),
    ("first_year", "Your first year"),
)


class GuidePost(models.TextChoices):
    """The board portfolio a guide is written for: organisations give the lead role to
    different portfolios, and each starts from a different place."""

    ALL = "all", "Every health inequalities lead"
    EXECUTIVE = "executive", "Executive directors"
    MEDICAL_DIRECTOR = "medical_director", "Medical directors"
    PUBLIC_HEALTH = "public_health", "Directors of public health or population health"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executives"
    CHIEF_OPERATING = "chief_operating", "Chief operating officers"
    CHAIR_NED = "chair_ned", "Chairs and non-executive directors"


class GuideOrganisation(models.TextChoices):
    ALL = "all", "Any organisation"
    TRUST = "trust", "Trusts"
    ACUTE = "acute", "Acute hospital trusts"
    MENTAL_HEALTH = "mental_health", "Mental health trusts"
    COMMUNITY = "community", "Community health trusts"
    AMBULANCE = "ambulance", "Ambulance trusts"
    ICB = "icb", "Integrated care boards and place partnerships"


class RoleGuideIndexPage(Page):
    """The one parent of the role guides; its address redirects to the guides list."""

    subpage_types = ["induction.RoleGuidePage"]
    max_count = 1

    def get_url(self, request: HttpRequest | None = None, current_site: Any = None) -> str:
        return reverse("induction:guides")

    url = property(get_url)

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("induction:guides")


class RoleGuidePage(Page):
    summary = models.TextField(help_text="Two or three sentences: who this guide is for.")
    post = models.CharField(max_length=20, choices=GuidePost.choices, default=GuidePost.ALL)
    organisation_type = models.CharField(
        max_length=20, choices=GuideOrganisation.choices, default=GuideOrganisation.ALL
    )
    role_is = models.TextField(blank=True)
    role_is_not = models.TextField(blank=True)
    structures = models.TextField(blank=True)
    sharing = models.TextField(blank=True)
    first_90_days = models.TextField(blank=True)
    first_year = models.TextField(blank=True)
    sources = models.TextField(blank=True, help_text="Where the guidance comes from.")
    next_steps = models.TextField(
        blank=True,
        help_text=(
            "Where to go next: one link a line, written 'words to show | address', for the "
            "activities, measures and learning pathway that fit this guide."
        ),
    )

    template = "induction/guide.jinja"
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("post"), FieldPanel("organisation_type")], heading="Who it is for"
        ),
        *[FieldPanel(name) for name, _ in SECTIONS],
        FieldPanel("next_steps"),
        FieldPanel("sources"),
    ]
    parent_page_types = ["induction.RoleGuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "role guide"

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, paragraphs) for each section with text."""
        found = []
        for name, heading in SECTIONS:
            text = str(getattr(self, name) or "")
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            if paragraphs:
                found.append((heading, paragraphs))
        return found

    def links(self) -> list[tuple[str, str]]:
        """(words, address) for each 'words | address' line of next steps; local addresses
        only, so a guide cannot send a lead somewhere unexpected."""
        found = []
        for line in str(self.next_steps or "").splitlines():
            words, _, address = (part.strip() for part in line.partition("|"))
            if words and address.startswith("/") and not address.startswith("//"):
                found.append((words, address))
        return found

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["page_title"] = self.title
        context["breadcrumbs"] = [
            ("Induction offer", reverse("induction:index")),
            ("Role guides", reverse("induction:guides")),
        ]
        return context

    def get_url(self, request: HttpRequest | None = None, current_site: Any = None) -> str:
        return reverse("induction:guide", kwargs={"slug": self.slug})

    url = property(get_url)

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        return (parts[0] if parts else None, site_url(), self.get_url())
