"""Setting up the role guides' place in the page tree, with page permissions for editors."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission

from equityhub.induction.pages import RoleGuideIndexPage, RoleGuidePage
from equityhub.library.pages import EDITOR_PAGE_PERMISSIONS, _parent_for_index
from equityhub.people.models import GlobalRole


@transaction.atomic
def ensure_guide_index() -> RoleGuideIndexPage:
    """The one role guide index page; content editors may add, change and publish guides."""
    index = RoleGuideIndexPage.objects.first()
    if index is None:
        index = RoleGuideIndexPage(title="Role guides", slug="role-guides")
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
    for model in ("supportoffer", "offerchange", "activity", "measure"):
        for action in ("add", "change"):
            editors.permissions.add(
                Permission.objects.get(
                    codename=f"{action}_{model}", content_type__app_label="induction"
                )
            )
    return index


def guide_publish(*, title: str, slug: str, **fields: str) -> RoleGuidePage:
    """Create and publish a guide unless one with this slug exists (idempotent)."""
    existing = RoleGuidePage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    guide = RoleGuidePage(title=title, slug=slug, **fields)
    ensure_guide_index().add_child(instance=guide)
    guide.save_revision().publish()
    return guide
