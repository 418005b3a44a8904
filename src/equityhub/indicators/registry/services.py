"""Writes to the indicator registry: loading national indicators, adding local ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.registry.models import Breakdown, Indicator, IndicatorType, Polarity
from equityhub.indicators.registry.national import REGISTRY_FILE, read_registry
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of


@dataclass
class RegistryReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged"


@transaction.atomic
def indicator_registry_load(
    *, path: Path = REGISTRY_FILE, actor: User | None = None
) -> RegistryReport:
    """Create or update national indicators from the registry file; a rerun changes nothing."""
    rows = read_registry(path)
    report = RegistryReport()
    existing = Indicator.objects.in_bulk([row["code"] for row in rows], field_name="code")
    for values in rows:
        indicator = existing.get(values["code"])
        if indicator is None:
            Indicator.objects.create(**values)
            report.created += 1
        elif indicator.owner_organisation_id is not None:
            raise ValidationError(f"{values['code']}: the code is taken by a local indicator")
        elif any(getattr(indicator, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.save()
            report.updated += 1
        else:
            report.unchanged += 1
    if report.created or report.updated:
        audit_record(
            action="indicators.registry_loaded",
            actor=actor,
            actor_label="" if actor else "system",
            detail={"file": path.name, "created": report.created, "updated": report.updated},
        )
    return report


@transaction.atomic
def indicator_create_local(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    description: str,
    type: str,
    polarity: str,
    multiplier: float = 100,
    unit: str = "",
    numerator_definition: str = "",
    denominator_definition: str = "",
    breakdowns: list[str] | None = None,
    source: str = "",
) -> Indicator:
    """A local indicator, scoped to the organisation, added by a member of its team."""
    if not (is_team_member_of(actor, organisation) or is_administrator(actor)):
        raise PermissionDenied("Only the organisation's team can add its local indicators.")
    if type not in IndicatorType.values:
        raise ValidationError({"type": f"{type!r} is not an indicator type"})
    if polarity not in Polarity.values:
        raise ValidationError({"polarity": f"{polarity!r} is not a polarity"})
    chosen = breakdowns or [Breakdown.OVERALL]
    unknown = [b for b in chosen if b not in Breakdown.values]
    if unknown:
        raise ValidationError({"breakdowns": f"unknown breakdown(s): {', '.join(unknown)}"})
    if not name.strip():
        raise ValidationError({"name": "Enter a name"})
    code = f"{organisation.code.lower()}-{slugify(name)[:40]}"
    if Indicator.objects.filter(code=code).exists():
        raise ValidationError({"name": "Your organisation already has an indicator with this name"})
    indicator = Indicator.objects.create(
        code=code,
        name=name.strip(),
        description=description.strip(),
        type=type,
        polarity=polarity,
        multiplier=multiplier,
        unit=unit,
        numerator_definition=numerator_definition,
        denominator_definition=denominator_definition,
        breakdowns=chosen,
        source=source or f"Local indicator of {organisation.name}",
        owner_organisation=organisation,
    )
    audit_record(action="indicators.local_indicator_created", actor=actor, target=indicator)
    return indicator
