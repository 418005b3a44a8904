"""Taxonomies as data: topics and audiences, editable by content editors as Wagtail snippets."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.urls import reverse


class TopicGroup(models.TextChoices):
    TRAINING = "training", "Learning topics from the report"
    CORE20PLUS5_ADULTS = "core20plus5_adults", "Core20PLUS5 (adults)"
    CORE20PLUS5_CHILDREN = "core20plus5_children", "Core20PLUS5 (children and young people)"
    PRIORITY = "priority", "Five priorities (2021/22 planning guidance)"
    OTHER = "other", "Other topics"


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    group = models.CharField(max_length=30, choices=TopicGroup.choices, default=TopicGroup.OTHER)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["group", "position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:topic", kwargs={"slug": self.slug})


class Audience(models.Model):
    """A professional group that content can be tailored to."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:audience", kwargs={"slug": self.slug})


# The search form offers every topic and audience on every search: two queries each time for
# lists that change a few times a year. They are kept in the cache, dropped whenever a topic
# or audience is saved or deleted (``forget_choices``), and kept at most a minute, so a server
# process whose own cache did not see the change (the default cache is per process) catches up.
CHOICES_KEY = "library:taxonomy-choices"
CHOICES_SECONDS = 60


def choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(slug, name) of every topic and of every audience, in their display order."""

    def read() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        return (
            list(Topic.objects.values_list("slug", "name")),
            list(Audience.objects.values_list("slug", "name")),
        )

    # The stubs allow None (a cache that failed to store); then read again.
    return cache.get_or_set(CHOICES_KEY, read, CHOICES_SECONDS) or read()


def forget_choices(**kwargs: object) -> None:
    """``post_save``/``post_delete`` receiver for topics and audiences."""
    cache.delete(CHOICES_KEY)
