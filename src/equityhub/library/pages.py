"""Writing library pages through Wagtail: the library index, pages from accepted suggestions,
moderation, and each person's progress through a learning pathway."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import GroupPagePermission, Locale, Page, Site

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.library.contributions import Contribution, ContributionKind
from equityhub.library.models import (
    RESERVED_SLUGS,
    CaseStudy,
    LibraryIndexPage,
    LibraryItem,
    Pathway,
    Resource,
)
from equityhub.library.pathways import PathwayProgress, PathwayStep
from equityhub.library.permissions import is_signed_in
from equityhub.people.models import GlobalRole

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def _parent_for_index() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    # A database emptied by a test flush has no locale or root page: make them as Wagtail does.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    return root if root is not None else Page.add_root(instance=Page(title="Root", slug="root"))


@transaction.atomic
def ensure_library_index() -> LibraryIndexPage:
    """The one library index page, with page permissions for content editors (idempotent)."""
    index = LibraryIndexPage.objects.first()
    if index is None:
        index = LibraryIndexPage(title="Knowledge library", slug="library")
        _parent_for_index().add_child(instance=index)
    editors, _ = Group.objects.get_or_create(name=GlobalRole.CONTENT_EDITOR)
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=index,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    return index


def unique_slug(title: str, index: LibraryIndexPage) -> str:
    base = slugify(title)[:60].strip("-") or "item"
    taken = set(index.get_children().values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def page_from_contribution(contribution: Contribution, *, editor: User) -> LibraryItem:
    """A draft page built from a suggestion, crediting the contributor."""
    index = ensure_library_index()
    credit = contribution.credit_name or contribution.contributor.full_name or "a member"
    common = {
        "title": contribution.title,
        "slug": unique_slug(contribution.title, index),
        "summary": contribution.summary,
        "publisher": contribution.publisher,
        "contributed_by": credit,
        "live": False,
        "owner": editor,
    }
    page: LibraryItem
    if contribution.kind == ContributionKind.CASE_STUDY:
        page = CaseStudy(
            **common,
            context=contribution.context,
            problem=contribution.problem,
            what_was_done=contribution.what_was_done,
            results=contribution.results,
            learning=contribution.learning,
            organisation_name=contribution.organisation_name,
        )
    else:
        page = Resource(**common, link=contribution.link)
    index.add_child(instance=page)
    return page


def send_for_moderation(page: LibraryItem, *, editor: User, publish: bool) -> None:
    """Save a revision; publish it (editors may) or start the page's Wagtail workflow."""
    if not page.permissions_for_user(editor).can_publish() and publish:
        raise PermissionDenied("You cannot publish library pages")
    revision = page.save_revision(user=editor, log_action=True)
    if publish:
        revision.publish(user=editor)
        return
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, editor)


@transaction.atomic
def step_record(*, user: User, step: PathwayStep, done: bool, note: str = "") -> PathwayProgress:
    """Record a person's progress on one pathway step, with a private note."""
    if not is_signed_in(user):
        raise PermissionDenied("Sign in to record progress")
    pathway: Pathway = step.pathway
    if not pathway.live:
        raise ValidationError("This pathway is not published")
    note = note.strip()
    if len(note) > 5000:
        raise ValidationError({"note": "Keep the note under 5,000 characters"})
    progress, _ = PathwayProgress.objects.get_or_create(step=step, user=user)
    progress.note = note
    if done and progress.completed_at is None:
        progress.completed_at = timezone.now()
    if not done:
        progress.completed_at = None
    progress.save()
    audit_record(
        action="library.pathway.progress",
        actor=user,
        target=pathway,
        detail={"step": step.pk, "done": done},
    )
    return progress
