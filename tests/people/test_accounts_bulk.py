"""Bulk invitations from a CSV file: bad rows never stop good ones, each is reported."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from equityhub.core.models import AuditEvent
from equityhub.people.models import Invitation, Organisation
from equityhub.people.services_invitations import invitations_from_csv

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,organisation_code,role\n"


def test_bad_rows_do_not_stop_the_good_ones(
    personas: dict[str, Any], organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    text = HEADER + "\n".join(
        [
            "ada@trust.nhs.uk,Ada One,RZZ,team_member",  # 2 invited
            "not-an-email,Bad Email,,",  # 3 invalid: email
            "bo@trust.nhs.uk,Bo Two,NOPE,lead",  # 4 invalid: organisation code
            "cy@trust.nhs.uk,Cy Three,RZZ,chief",  # 5 invalid: role
            f"{personas['member'].email},Mo Member,,",  # 6 skipped: has an account
            "ada@trust.nhs.uk,Ada Again,,",  # 7 skipped: invited in row 2
            "dee@council.gov.uk,Dee Four,rzz,System partner",  # 8 invited (label, any case)
            "eve@trust.nhs.uk,Eve Five,,lead",  # 9 invalid: role without organisation
            "fay@nhs.net,,,",  # 10 invited, no name or role
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = invitations_from_csv(text=text, invited_by=personas["administrator"])
    assert [r.row for r in report.invited] == [2, 8, 10]
    assert [r.row for r in report.skipped] == [6, 7]
    assert [r.row for r in report.invalid] == [3, 4, 5, 9]
    messages = {r.row: r.message for r in report.rows}
    assert messages[3] == "Row 3, column email: 'not-an-email' is not a valid email address"
    assert messages[4] == "Row 4, column organisation_code: no organisation has the code 'NOPE'"
    assert messages[5].startswith("Row 5, column role: 'chief' is not a role")
    assert messages[6] == f"Row 6: {personas['member'].email} already has an account"
    assert messages[7] == "Row 7: ada@trust.nhs.uk has already been invited"
    assert messages[9] == "Row 9, give both an organisation and a role, or neither"
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "ada@trust.nhs.uk",
        "dee@council.gov.uk",
        "fay@nhs.net",
    }
    assert Invitation.objects.get(email="dee@council.gov.uk").role == "partner"
    assert Invitation.objects.get(email="ada@trust.nhs.uk").full_name == "Ada One"
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="invitation-sent").count() == 3


def test_spreadsheet_csv_with_bom_and_capitalised_headers(personas: dict[str, Any]) -> None:
    text = "\ufeffEmail,Full_Name\r\nann@nhs.net,Ann\r\n"
    report = invitations_from_csv(text=text, invited_by=personas["administrator"])
    assert [r.outcome for r in report.rows] == ["invited"]


def test_file_without_an_email_column_is_refused(personas: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="The first row must name the columns"):
        invitations_from_csv(text="name,org\nA,B\n", invited_by=personas["administrator"])
    assert not Invitation.objects.exists()


def test_unknown_column_is_refused(personas: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Unknown column 'phone'"):
        invitations_from_csv(
            text="email,phone\na@nhs.net,1\n", invited_by=personas["administrator"]
        )


def test_empty_file_is_refused(personas: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="no rows"):
        invitations_from_csv(text=HEADER, invited_by=personas["administrator"])


@pytest.mark.parametrize("persona", ["outsider", "member", "owner"])
def test_only_inviters_may_upload(persona: str, personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        invitations_from_csv(text=HEADER + "a@nhs.net,,,\n", invited_by=personas[persona])
    assert not Invitation.objects.exists()
