"""Demo data: SYNTHETIC returns for the demo organisations, clearly labelled wherever shown.

Twelve quarters of made-up counts with a plausible deprivation gradient (decile 1, the most
deprived, fares worst), an ethnicity breakdown with not-stated and not-known groups, noise and a
slow drift. The numbers are not real and must never be read as any organisation's performance.

Only the denominators' shape is real: each organisation's population is spread over IMD 2025
deciles as its ICB's Census 2021 residents are (a trust takes its ICB's profile), and over ethnic
groups as the ICB's Census 2021 mix (``data/icb_imd2025_deciles.csv``, ``icb_ethnicity2021.csv``,
see ``data/icb_profiles.md``). An organisation outside the 42 ICBs of April 2024 takes England's.
"""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path
from typing import Any

import numpy as np
from django.db.models import Min

from equityhub.indicators.dashboard.models import Adoption
from equityhub.indicators.registry.categories import ETHNIC_CODES, NESTED_IN
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.models import DataReturn
from equityhub.people.models import Membership, Organisation

DEMO_FILENAME = "SYNTHETIC-demo-return.csv"
MAX_ORGANISATIONS = 8
PERIODS = [f"{year}-Q{q}" for year in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
# code: (rate in the middle decile, relative gradient from decile 10 to 1, drift per quarter)
PROFILES = {
    "rtt-waiting-over-18-weeks": (0.40, 0.30, 0.004),
    "ae-four-hours": (0.72, -0.10, -0.002),
    "smoking-at-delivery": (0.09, 0.60, -0.002),
    "smi-physical-health-checks": (0.55, -0.25, 0.004),
    "ethnicity-recording": (0.88, -0.06, 0.002),
}
# Workforce Race Equality Standard indicator 2: shortlisted applicants appointed, by ethnicity
# (white applicants somewhat more likely to be appointed, as the national WRES reports show).
WORKFORCE = "wres-appointed-from-shortlisting"
APPOINTED = {"white": 0.24, "other": 0.17}
DATA = Path(__file__).resolve().parent.parent / "data"
# The NHS ethnic category codes (A–S) in each Census 2021 high-level group, in file order.
CENSUS_GROUPS = {
    "asian": "HJKL",
    "black": "MNP",
    "mixed": "DEFG",
    "white": "ABC",
    "other": "RS",
}
NOT_STATED_SHARE = 0.05  # Z and 99 together, split as ETHNIC_SHARES splits them
# Shares within each group (and of Z/99), from a typical national mix.
ETHNIC_SHARES = np.array(
    [
        0.62,
        0.02,
        0.05,
        0.04,
        0.03,
        0.02,
        0.01,
        0.04,
        0.04,
        0.02,
        0.02,
        0.03,
        0.01,
        0.01,
        0.01,
        0.02,
        0.03,
        0.02,
    ]
)


@functools.cache
def deprivation_profiles() -> dict[str, np.ndarray]:
    """Census 2021 residents by IMD 2025 decile (1 = most deprived), per ICB and for England."""
    profiles: dict[str, np.ndarray] = {}
    with (DATA / "icb_imd2025_deciles.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            counts = profiles.setdefault(row["icb24_code_nhs"], np.zeros(10))
            counts[int(row["imd_decile"]) - 1] += int(row["residents"])
    profiles["England"] = np.sum(list(profiles.values()), axis=0)
    return profiles


@functools.cache
def ethnicity_profiles() -> dict[str, np.ndarray]:
    """Census 2021 residents in the five high-level groups (CENSUS_GROUPS order) per ICB."""
    profiles: dict[str, np.ndarray] = {}
    with (DATA / "icb_ethnicity2021.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            profiles[row["icb24_code_nhs"]] = np.array([float(row[g]) for g in CENSUS_GROUPS])
    profiles["England"] = np.sum(list(profiles.values()), axis=0)
    return profiles


def profile_key(organisation: Organisation) -> str:
    """The ICB whose profile the organisation takes: its own system's, else England."""
    for code in (organisation.system.code if organisation.system else "", organisation.code):
        if code in deprivation_profiles():
            return code
    return "England"


def decile_shares(organisation: Organisation) -> np.ndarray:
    counts = deprivation_profiles()[profile_key(organisation)]
    return counts / counts.sum()


def ethnic_shares(organisation: Organisation) -> np.ndarray:
    """Shares over ETHNIC_CODES: the ICB's census group mix, split within groups as usual."""
    groups = ethnicity_profiles()[profile_key(organisation)]
    groups = groups / groups.sum() * (1 - NOT_STATED_SHARE)
    shares = np.zeros(len(ETHNIC_CODES))
    for share, codes in zip(groups, CENSUS_GROUPS.values(), strict=True):
        index = [ETHNIC_CODES.index(code) for code in codes]
        shares[index] = share * ETHNIC_SHARES[index] / ETHNIC_SHARES[index].sum()
    unknown = [ETHNIC_CODES.index("Z"), ETHNIC_CODES.index("99")]
    shares[unknown] = NOT_STATED_SHARE * ETHNIC_SHARES[unknown] / ETHNIC_SHARES[unknown].sum()
    return shares


def _organisations() -> list[Organisation]:
    """Organisations with an approved lead or team member (the people demo makes them).

    Those of the first people created (the printed demo sign-ins) come first; eight at most keep
    `equityhub demo` quick.
    """
    first_member = (
        Membership.objects.approved()
        .filter(role__in=("lead", "team_member"))
        .values("organisation_id")
        .annotate(first=Min("pk"))
        .order_by("first")
    )
    ids = [row["organisation_id"] for row in first_member[:MAX_ORGANISATIONS]]
    found = Organisation.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def _rows(organisation: Organisation, rng: np.random.Generator) -> list[list[Any]]:
    weights = decile_shares(organisation)
    ethnic = ethnic_shares(organisation)
    size = int(rng.integers(6000, 20000))
    rows: list[list[Any]] = []
    for code, (middle, gradient, drift) in PROFILES.items():
        breakdowns = Indicator.objects.get(code=code).breakdowns
        for t, period in enumerate(PERIODS):
            base = middle * (1 + drift * t / middle)
            n = rng.poisson(size * weights).astype(int) + (weights > 0)
            p = base * (1 + gradient * (5.5 - np.arange(1, 11)) / 4.5)
            p = np.clip(p * rng.normal(1, 0.02, 10), 0.005, 0.995)
            x = rng.binomial(n, p)
            unknown_n = int(size * 0.02)
            unknown_x = int(rng.binomial(unknown_n, base))
            for decile in np.flatnonzero(weights):
                rows.append(
                    [
                        code,
                        organisation.code,
                        period,
                        "deprivation_decile",
                        str(decile + 1),
                        int(x[decile]),
                        int(n[decile]),
                    ]
                )
            rows.append(
                [
                    code,
                    organisation.code,
                    period,
                    "deprivation_decile",
                    "Unknown",
                    unknown_x,
                    unknown_n,
                ]
            )
            total_x, total_n = int(x.sum()) + unknown_x, int(n.sum()) + unknown_n
            rows.append([code, organisation.code, period, "overall", "Total", total_x, total_n])
            if "ethnicity" in breakdowns:
                rows += _ethnicity_rows(
                    code, organisation.code, period, (total_x, total_n), ethnic, rng
                )
    return rows


def _ethnicity_rows(
    code: str,
    area: str,
    period: str,
    totals: tuple[int, int],
    shares: np.ndarray,
    rng: np.random.Generator,
) -> list[list[Any]]:
    """Split the totals over ethnic categories so that they add up exactly."""
    total_x, total_n = totals
    n = rng.multinomial(total_n, shares)
    share = np.clip(rng.normal(1, 0.15, len(n)), 0.5, 1.5) * n
    x = rng.multinomial(total_x, share / share.sum())
    x = np.minimum(x, n)
    for i in np.argsort(x - n):  # what the caps removed goes where there is most room
        x[i] += min(n[i] - x[i], total_x - x.sum())
    return [
        [code, area, period, "ethnicity", ETHNIC_CODES[i], int(x[i]), int(n[i])]
        for i in range(len(n))
        if n[i] > 0
    ]


def _workforce_rows(organisation: Organisation, rng: np.random.Generator) -> list[list[Any]]:
    """Shortlisted and appointed applicants per ethnic category, a year at a time."""
    shares = ethnic_shares(organisation)
    white = np.array([code in "ABC" for code in ETHNIC_CODES])
    rows: list[list[Any]] = []
    for year in ("2022-23", "2023-24", "2024-25"):
        n = rng.multinomial(int(rng.integers(1500, 4000)), shares)
        p = np.where(white, APPOINTED["white"], APPOINTED["other"])
        x = rng.binomial(n, p)
        rows.append(
            [WORKFORCE, organisation.code, year, "overall", "Total", int(x.sum()), int(n.sum())]
        )
        rows += [
            [WORKFORCE, organisation.code, year, "ethnicity", ETHNIC_CODES[i], int(x[i]), int(n[i])]
            for i in range(len(n))
            if n[i] > 0
        ]
        rows += _broad_groups(organisation.code, year, x, n)
    return rows


def _broad_groups(code: str, year: str, x: np.ndarray, n: np.ndarray) -> list[list[Any]]:
    """The same counts in the broad ethnic groups, as the WRES reports them."""
    out = []
    sums: dict[str, list[int]] = {}
    for i, category in enumerate(ETHNIC_CODES):
        broad = NESTED_IN["ethnicity"][1][category]
        totals = sums.setdefault(broad, [0, 0])
        totals[0] += int(x[i])
        totals[1] += int(n[i])
    for broad, (appointed, shortlisted) in sums.items():
        if shortlisted > 0:
            out.append([WORKFORCE, code, year, "ethnic_group", broad, appointed, shortlisted])
    return out


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["indicator", "area_code", "period", "breakdown", "category", "numerator", "denominator"]
    )
    writer.writerows(rows)
    return out.getvalue().encode()


def _team_user(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.approved()
        .filter(organisation=organisation, role__in=("team_member", "lead"))
        .order_by("-role")  # team_member before lead
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def demo_indicators_load(password: str) -> list[tuple[str, str, str]]:
    """Load the registry and one synthetic return per demo organisation (idempotent)."""
    from equityhub.indicators.registry.services import indicator_registry_load
    from equityhub.indicators.results.recompute import recompute_national
    from equityhub.indicators.returns.services import return_check, return_commit

    indicator_registry_load()
    loaded = False
    for organisation in _organisations():
        actor = _team_user(organisation)
        if (
            actor is None
            or DataReturn.objects.filter(organisation=organisation, is_synthetic=True).exists()
        ):
            continue
        rng = np.random.default_rng(sum(map(ord, organisation.code)))
        preview = return_check(
            actor=actor,
            organisation=organisation,
            filename=DEMO_FILENAME,
            content=_csv(_rows(organisation, rng) + _workforce_rows(organisation, rng)),
            publish=True,
            is_synthetic=True,
        )
        if preview.data_return is None:
            raise RuntimeError("; ".join(str(p) for p in preview.problems[:5]))
        return_commit(actor=actor, data_return=preview.data_return, recompute=False)
        lead = Membership.objects.leads().filter(organisation=organisation).first()
        for code in [*PROFILES, WORKFORCE]:
            Adoption.objects.get_or_create(
                organisation=organisation,
                indicator=Indicator.objects.get(code=code),
                defaults={"owner": lead.user if lead else None},
            )
        loaded = True
    if loaded:
        # Organisations, systems, regions and England at once, so the first page already shows
        # every level (the commits' own background recomputations then find nothing to change).
        for indicator in Indicator.objects.filter(code__in=[*PROFILES, WORKFORCE]):
            recompute_national(indicator)
    return []
