"""Certificates for learning pathways: completion plus reflections reviewed by a facilitator.

A pathway marked as leading to a certificate lets a reader who has completed every step, with
a reflective note on each, ask for one: the notes are then shared with facilitators and
content editors (they are private until the reader asks). A reviewer issues the certificate,
or returns the request saying what to add. An issued certificate has a printable PDF (typst)
for its holder and a public verification page at /library/certificates/<code>/.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.notifications import notify
from equityhub.core.site import site_url
from equityhub.core.standing import in_group
from equityhub.people.models import GlobalRole

CERTIFICATE_KIND = "library.certificate"
TEMPLATE = Path(__file__).parent / "typst" / "certificate.typ"


class CertificateStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a facilitator"
    RETURNED = "returned", "Returned: more reflection asked for"
    ISSUED = "issued", "Issued"


class Certificate(models.Model):
    """One person's request for, and then record of, a pathway certificate."""

    pathway = models.ForeignKey(
        "library.Pathway", on_delete=models.CASCADE, related_name="certificates"
    )
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_message = models.TextField(blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "holder"], name="library_one_certificate_per_pathway"
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder} – {self.pathway}"

    def get_absolute_url(self) -> str:
        return reverse("library:certificate", kwargs={"code": self.code})


def is_reviewer(user: Any) -> bool:
    """Facilitators, content editors and administrators review reflections."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return in_group(user, GlobalRole.FACILITATOR, GlobalRole.CONTENT_EDITOR)


def reviewers() -> list[Any]:
    from django.db.models import Q

    from equityhub.core.models import User

    names = [GlobalRole.FACILITATOR, GlobalRole.CONTENT_EDITOR]
    wanted = Q(is_superuser=True) | Q(groups__name__in=names)
    return list(User.objects.filter(is_active=True).filter(wanted).distinct())


def missing_for_certificate(pathway: Any, user: Any) -> list[str]:
    """What this person still has to do before asking (empty when they may ask)."""
    from equityhub.library.pathways import PathwayProgress

    steps = list(pathway.steps.all())
    progress = {p.step_id: p for p in PathwayProgress.objects.filter(user=user, step__in=steps)}
    missing = []
    for number, step in enumerate(steps, start=1):
        row = progress.get(step.pk)
        if row is None or row.completed_at is None:
            missing.append(f"Complete step {number}")
        elif not row.note.strip():
            missing.append(f"Write a reflection on step {number}")
    return missing


def reflections(certificate: Certificate) -> list[tuple[Any, str]]:
    """(step, note) in order: what the reviewer reads."""
    from equityhub.library.pathways import PathwayProgress

    steps = list(certificate.pathway.steps.select_related("item").order_by("sort_order"))
    notes = dict(
        PathwayProgress.objects.filter(user=certificate.holder, step__in=steps).values_list(
            "step_id", "note"
        )
    )
    return [(step, notes.get(step.pk, "")) for step in steps]


@transaction.atomic
def certificate_request(*, user: Any, pathway: Any) -> Certificate:
    if not user.is_authenticated:
        raise PermissionDenied("Sign in first")
    if not pathway.leads_to_certificate or not pathway.live:
        raise ValidationError("This pathway does not lead to a certificate")
    missing = missing_for_certificate(pathway, user)
    if missing:
        raise ValidationError(missing)
    certificate, _ = Certificate.objects.get_or_create(pathway=pathway, holder=user)
    if certificate.status == CertificateStatus.ISSUED:
        raise ValidationError("Your certificate has already been issued")
    certificate.status = CertificateStatus.REQUESTED
    certificate.requested_at = timezone.now()
    certificate.save()
    audit_record(action="library.certificate.request", actor=user, target=certificate)
    notify(
        recipients=[r for r in reviewers() if r.pk != user.pk],
        kind=CERTIFICATE_KIND,
        title=f"Certificate request: {pathway.title}",
        link=reverse("library:certificate-review", kwargs={"pk": certificate.pk}),
    )
    return certificate


@transaction.atomic
def certificate_decide(
    *, reviewer: Any, certificate: Certificate, issue: bool, message: str = ""
) -> Certificate:
    if not is_reviewer(reviewer):
        raise PermissionDenied("Only facilitators and content editors review certificates")
    if reviewer.pk == certificate.holder_id:
        raise PermissionDenied("Someone else must review your own reflections")
    if certificate.status != CertificateStatus.REQUESTED:
        raise ValidationError("This request is not waiting for a review")
    message = message.strip()
    if not issue and not message:
        raise ValidationError({"message": "Say what the reflections need"})
    certificate.reviewer = reviewer
    certificate.reviewer_message = message
    if issue:
        certificate.status = CertificateStatus.ISSUED
        certificate.issued_at = timezone.now()
        title = f"Your certificate for “{certificate.pathway.title}” is ready"
        link = certificate.get_absolute_url()
    else:
        certificate.status = CertificateStatus.RETURNED
        title = f"More reflection asked for on “{certificate.pathway.title}”"
        link = certificate.pathway.url or ""
    certificate.save()
    audit_record(
        action=f"library.certificate.{'issue' if issue else 'return'}",
        actor=reviewer,
        target=certificate,
        detail={"message": message},
    )
    notify(
        recipients=[certificate.holder],
        kind=CERTIFICATE_KIND,
        title=title,
        body=message,
        link=link,
    )
    return certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    """The printable certificate, with its verification address."""
    import typst

    if certificate.status != CertificateStatus.ISSUED or certificate.issued_at is None:
        raise ValidationError("This certificate has not been issued")
    holder = certificate.holder
    data = json.dumps(
        {
            "name": holder.get_full_name() or holder.email,
            "pathway": certificate.pathway.title,
            "level": certificate.pathway.get_level_display(),
            "date": f"{timezone.localtime(certificate.issued_at):%-d %B %Y}",
            "reviewer": certificate.reviewer.get_full_name() if certificate.reviewer else "",
            "verify": site_url() + certificate.get_absolute_url(),
            "code": str(certificate.code),
        }
    )
    return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data}))
