"""Learning pathways (ordered steps, per-person progress, private notes) and reading lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class PathwayStep(Orderable):
    pathway = ParentalKey("library.Pathway", on_delete=models.CASCADE, related_name="steps")
    item = models.ForeignKey("library.LibraryItem", on_delete=models.CASCADE, related_name="+")
    why = models.CharField("Why this step", max_length=255, blank=True)

    panels = [FieldPanel("item"), FieldPanel("why")]

    def __str__(self) -> str:
        return f"Step {self.sort_order}: {self.item}"


class PathwayProgress(models.Model):
    """One person's record of a step: done or not, and a private reflective note."""

    step = models.ForeignKey(PathwayStep, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "user"], name="library_one_progress_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.step}"


class ReadingList(ClusterableModel):
    """Resources in order with a schedule, for study groups in the learning pillar to follow.

    Editors make them as snippets in /cms/ (entries inline); readers see them at
    /library/reading-lists/<slug>/, each entry filtered to what that reader may see.
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("owner"),
        InlinePanel("entries", label="Readings", min_num=1),
    ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:reading-list", kwargs={"slug": self.slug})


class ReadingListEntry(models.Model):
    reading_list = ParentalKey(ReadingList, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey("library.LibraryItem", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    read_by = models.DateField(null=True, blank=True, help_text="When the group reads it.")

    panels = [FieldPanel("position"), FieldPanel("item"), FieldPanel("read_by")]

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading_list", "position"], name="library_reading_list_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reading_list}: {self.position}"
