"""What the directory adds to "what needs me now"."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from equityhub.people.models import Organisation, Profile, Structure

pytestmark = pytest.mark.django_db


def test_a_new_person_is_asked_to_fill_in_their_profile(
    personas: dict[str, Any], client_for: Any
) -> None:
    page = client_for(personas["outsider"]).get(reverse("core:home")).content.decode()
    assert "Fill in your directory profile" in page


def test_a_lead_sees_structures_without_a_lead_in_their_system(
    personas: dict[str, Any], client_for: Any, organisation: Organisation
) -> None:
    Profile.objects.create(user=personas["owner"], organisation=organisation, job_title="Chair")
    Structure.objects.create(name="Quality committee", kind="committee", system=organisation.system)
    page = client_for(personas["owner"]).get(reverse("core:home")).content.decode()
    assert "Fill in your directory profile" not in page
    assert "1 ICS structure has no health inequalities lead" in page
    assert "?system=Q99" in page
