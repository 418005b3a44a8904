"""Pathway certificates: ask for one, a reviewer's decision, the public check, the PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import page
from equityhub.library import certificates
from equityhub.library.certificates import Certificate, CertificateStatus
from equityhub.library.models import Pathway
from equityhub.library.views import LIBRARY_CRUMBS


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("issue", "Issue the certificate"), ("return", "Ask for more reflection")],
        widget=forms.RadioSelect,
        label="Decision",
    )
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message to the learner",
        help_text="Needed when you ask for more reflection.",
    )


@login_required
@require_POST
def ask(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    pathway = Pathway.objects.live().filter(slug=slug).first()
    if pathway is None:
        raise Http404("No such pathway")
    try:
        certificates.certificate_request(user=request.user, pathway=pathway)
    except ValidationError as error:
        messages.error(request, "You cannot ask yet: " + "; ".join(error.messages) + ".")
    else:
        messages.success(request, "Asked. A facilitator will read your reflections.")
    return redirect(pathway.url + "#certificate")


@login_required
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not certificates.is_reviewer(request.user):
        raise PermissionDenied("Only facilitators and content editors review certificates")
    found = get_object_or_404(Certificate.objects.select_related("pathway", "holder"), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.certificate_decide(
                reviewer=request.user,
                certificate=found,
                issue=form.cleaned_data["decision"] == "issue",
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("message" if "reflections need" in message else None, message)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision recorded and the learner told.")
            return redirect("library:certificate-review", pk=found.pk)
    response = page(
        request,
        "library/certificate_review.jinja",
        f"Certificate request: {found.pathway.title}",
        breadcrumbs=[*LIBRARY_CRUMBS, ("Editors", reverse_lazy("library:queue"))],
        certificate=found,
        reflections=certificates.reflections(found),
        form=form,
    )
    response.status_code = 400 if form.errors else 200
    return response


def _issued(code: str) -> Certificate:
    found = (
        Certificate.objects.select_related("pathway", "holder", "reviewer")
        .filter(code=code, status=CertificateStatus.ISSUED)
        .first()
    )
    if found is None:
        raise Http404("No certificate has this code")
    return found


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone given the address can check that the certificate is real."""
    found = _issued(code)
    return page(
        request,
        "library/certificate.jinja",
        "Certificate check",
        breadcrumbs=LIBRARY_CRUMBS,
        certificate=found,
        is_holder=request.user.is_authenticated and request.user.pk == found.holder_id,
    )


@login_required
@require_safe
def pdf(request: AuthenticatedRequest, code: str) -> HttpResponse:
    found = _issued(code)
    if request.user.pk != found.holder_id and not certificates.is_reviewer(request.user):
        raise Http404("No certificate has this code")
    response = HttpResponse(certificates.certificate_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{found.pathway.slug}.pdf"'
    return response
