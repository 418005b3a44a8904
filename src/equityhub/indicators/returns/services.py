"""Data returns: check and preview, commit all-or-nothing, keep history, roll back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.fast import check_by_columns, frame_summary
from equityhub.indicators.returns.fingertips import fingertips_to_tidy
from equityhub.indicators.returns.models import DataReturn, ReturnStatus
from equityhub.indicators.returns.parse import (
    RefusedFile,
    UnreadableFile,
    detect_format,
    read_table,
    screen_identifiers,
)
from equityhub.indicators.returns.problems import group_problems, stored_report
from equityhub.indicators.returns.selectors import overlap_notes
from equityhub.indicators.returns.staging import (
    insert_points,
    point_columns,
    stage,
    staged_frame,
)
from equityhub.indicators.returns.validate import Checked, Problem, check_rows
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_team_member_of


@dataclass
class Preview:
    """What a check found: the stored preview (when clean), the problems, notes and a summary."""

    data_return: DataReturn | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: list[dict[str, Any]] = field(default_factory=list)


def can_upload(user: Any, organisation: Organisation) -> bool:
    """Only the organisation's approved lead and team members upload its returns."""
    return is_team_member_of(user, organisation)


def _summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows per indicator and breakdown, with the periods covered, for the preview page."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        entry = groups.setdefault(
            (row["indicator"], row["breakdown"]),
            {
                "indicator": row["indicator"],
                "breakdown": row["breakdown"],
                "rows": 0,
                "periods": set(),
            },
        )
        entry["rows"] += 1
        entry["periods"].add(row["period"])
    return [
        {**entry, "periods": sorted(entry["periods"])}
        for entry in sorted(groups.values(), key=lambda e: (e["indicator"], e["breakdown"]))
    ]


def _check_content(
    organisation: Organisation,
    filename: str,
    content: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[str, Checked]:
    """Read, screen and check a file: (format, what the check found).

    Raises RefusedFile (identifiers, record-level rows) or UnreadableFile before any row check.
    """
    indicators = {
        i.code: i
        for i in Indicator.objects.usable_by(organisation).filter(
            type__in=["proportion", "crude_rate", "dsr", "isr", "mean", "count"]
        )
    }
    # A clean tidy CSV is checked column by column; anything else, or any problem, row by row
    # (which words every message).
    by_columns = check_by_columns(filename, content, organisation, indicators)
    if by_columns is not None:
        return "csv (tidy)", by_columns
    table = read_table(filename, content)
    screen_identifiers(table)
    file_format = detect_format(table)
    found: list[Problem] = []
    if file_format == "fingertips":
        found = fingertips_to_tidy(table, organisation, indicators)
    checked = check_rows(table, organisation, indicators, progress=progress)
    checked.problems[:0] = found
    if not checked.row_count and not checked.problems:
        checked.problems.append(Problem(filename, 0, "", f"no rows for {organisation.code}"))
    return f"{table.file_format} ({file_format})", checked


def return_check(
    *,
    actor: User,
    organisation: Organisation,
    filename: str,
    content: bytes,
    publish: bool = False,
    is_synthetic: bool = False,
) -> Preview:
    """Read and check a file. A clean file is stored as a preview; otherwise nothing is stored.

    Raises RefusedFile (identifiers, record-level rows) or UnreadableFile before any row check.
    The file is read and checked outside any transaction: on SQLite a write transaction held
    for the length of a parse locks out every other writer, the task worker included.
    """
    if not can_upload(actor, organisation):
        raise PermissionDenied("Only the organisation's lead and team members upload its returns.")
    file_format, checked = _check_content(organisation, filename, content)
    if checked.problems:
        return Preview(None, checked.problems, checked.notes)
    staged = checked.rows if checked.frame is None else checked.frame
    checked.notes += overlap_notes(organisation, staged)
    with transaction.atomic():
        data_return = DataReturn.objects.create(
            organisation=organisation,
            uploaded_by=actor,
            filename=filename[:255],
            file_format=file_format,
            staged_rows=checked.rows,
            row_count=checked.row_count,
            notes=checked.notes,
            publish=publish,
            is_synthetic=is_synthetic,
        )
        audit_record(
            action="indicators.return_checked",
            actor=actor,
            target=data_return,
            detail={"rows": checked.row_count, "format": data_return.file_format},
        )
        if checked.frame is not None:
            stage(data_return, checked.frame)
    summary = _summary(checked.rows) if checked.frame is None else frame_summary(checked)
    return Preview(data_return, [], checked.notes, summary)


def is_large(content: bytes) -> bool:
    """Files above INDICATORS_BACKGROUND_BYTES (1 MB unless set) are checked in the background."""
    return len(content) > getattr(settings, "INDICATORS_BACKGROUND_BYTES", 1_000_000)


@transaction.atomic
def return_check_later(
    *, actor: User, organisation: Organisation, filename: str, content: bytes, publish: bool = False
) -> DataReturn:
    """Keep a large file until a background task has checked it; the return shows progress."""
    from equityhub.indicators.tasks import check_return

    if not can_upload(actor, organisation):
        raise PermissionDenied("Only the organisation's lead and team members upload its returns.")
    data_return = DataReturn.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=filename[:255],
        file_format="checking",
        status=ReturnStatus.CHECKING,
        upload_content=content,
        publish=publish,
    )
    audit_record(
        action="indicators.return_queued",
        actor=actor,
        target=data_return,
        detail={"bytes": len(content)},
    )
    transaction.on_commit(lambda: check_return.enqueue(data_return_id=data_return.pk))
    return data_return


def return_check_stored(data_return: DataReturn) -> DataReturn:
    """The background check of a kept file: a preview, or the problems with nothing stored."""
    content = bytes(data_return.upload_content or b"")
    one = DataReturn.objects.filter(pk=data_return.pk)

    def progress(done: int, total: int) -> None:
        one.update(progress_done=done, progress_total=total)

    try:
        file_format, checked = _check_content(
            data_return.organisation, data_return.filename, content, progress
        )
    except (RefusedFile, UnreadableFile) as error:
        file_format, checked = "not read", Checked()
        problems = [str(error)]
    else:
        # grouped, so a million rows with one mistake are one line, not a million
        problems = [str(group) for group in group_problems(checked.problems)]
    # every problem, one per row, for the report the analyst downloads from the return's page
    data_return.problem_report = stored_report(checked.problems) if checked.problems else None
    data_return.upload_content = None
    data_return.file_format = file_format
    data_return.notes = checked.notes
    if problems:
        data_return.status, data_return.problems = ReturnStatus.FAILED, problems
    else:
        staged = checked.rows if checked.frame is None else checked.frame
        data_return.notes = [*checked.notes, *overlap_notes(data_return.organisation, staged)]
        data_return.status = ReturnStatus.PREVIEW
        data_return.staged_rows, data_return.row_count = checked.rows, checked.row_count
    data_return.progress_done = data_return.progress_total = max(
        data_return.progress_total, data_return.row_count
    )
    data_return.save()
    if checked.frame is not None and not problems:
        stage(data_return, checked.frame)
    audit_record(
        action="indicators.return_checked",
        actor=data_return.uploaded_by,
        target=data_return,
        detail={"rows": data_return.row_count, "problems": len(problems), "background": True},
    )
    return data_return


def _keys(frame: pl.DataFrame) -> set[tuple[str, str]]:
    return set(frame.select("indicator", "period").unique().iter_rows())


def _replaced_returns(data_return: DataReturn, keys: set[tuple[str, str]]) -> list[DataReturn]:
    """Earlier committed returns of the organisation holding any of the same indicator-periods."""
    earlier = DataReturn.objects.committed().filter(organisation=data_return.organisation)
    replaced = []
    for old in earlier.exclude(pk=data_return.pk):
        old_keys = set(old.points.values_list("indicator__code", "period").distinct())
        if old_keys & keys:
            replaced.append((old, old_keys <= keys))
    for old, fully in replaced:
        if fully:
            old.status = ReturnStatus.SUPERSEDED
            old.save(update_fields=["status"])
    return [old for old, _ in replaced]


def _recompute_later(organisation: Organisation, codes: set[str]) -> None:
    from equityhub.indicators.tasks import compute_results

    transaction.on_commit(
        lambda: compute_results.enqueue(organisation_id=organisation.pk, codes=sorted(codes))
    )


@transaction.atomic
def return_commit(*, actor: User, data_return: DataReturn, recompute: bool = True) -> DataReturn:
    """Store every row of a previewed return, or none; replace earlier data for the same periods.

    ``recompute=False`` leaves the recomputation to the caller (the demo loads every return,
    then recomputes the nation once).
    """
    locked = (
        DataReturn.objects.select_for_update()
        .defer("staged_rows", "upload_content")
        .get(pk=data_return.pk)
    )
    if not can_upload(actor, locked.organisation):
        raise PermissionDenied("Only the organisation's lead and team members commit its returns.")
    if locked.status != ReturnStatus.PREVIEW:
        raise ValidationError("This return has already been committed or discarded.")
    rows = staged_frame(locked)
    codes = set(rows["indicator"].unique().to_list())
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    missing = codes - set(indicators)
    if missing:
        raise ValidationError(
            f"Indicator(s) no longer in the registry: {', '.join(sorted(missing))}"
        )
    insert_points(point_columns(locked, rows, {code: i.pk for code, i in indicators.items()}))
    replaced = _replaced_returns(locked, _keys(rows))
    locked.replaces.set(replaced)
    locked.status = ReturnStatus.COMMITTED
    locked.committed_by, locked.committed_at = actor, timezone.now()
    locked.staged_rows, locked.upload_content = [], None
    locked.save()
    audit_record(
        action="indicators.return_committed",
        actor=actor,
        target=locked,
        detail={"rows": rows.height, "replaced": [r.pk for r in replaced]},
    )
    if recompute:
        _recompute_later(locked.organisation, set(indicators))
    return locked


@transaction.atomic
def return_discard(*, actor: User, data_return: DataReturn) -> None:
    """Throw away a preview that was not committed."""
    if not can_upload(actor, data_return.organisation):
        raise PermissionDenied("Only the organisation's lead and team members discard its returns.")
    if data_return.status != ReturnStatus.PREVIEW:
        raise ValidationError("Only a return waiting for confirmation can be discarded.")
    data_return.status, data_return.staged_rows = ReturnStatus.DISCARDED, []
    data_return.upload_content = None
    data_return.save(update_fields=["status", "staged_rows", "upload_content"])
    audit_record(action="indicators.return_discarded", actor=actor, target=data_return)


@transaction.atomic
def return_rollback(*, actor: User, data_return: DataReturn) -> DataReturn:
    """Withdraw a committed return: the data it replaced count again; results are recomputed."""
    locked = DataReturn.objects.select_for_update().get(pk=data_return.pk)
    if not can_upload(actor, locked.organisation):
        raise PermissionDenied("Only the organisation's lead and team members roll back returns.")
    if locked.status != ReturnStatus.COMMITTED:
        raise ValidationError("Only a committed return can be rolled back.")
    codes = set(locked.points.values_list("indicator__code", flat=True))
    locked.status = ReturnStatus.ROLLED_BACK
    locked.rolled_back_by, locked.rolled_back_at = actor, timezone.now()
    locked.save()
    for earlier in locked.replaces.filter(status=ReturnStatus.SUPERSEDED):
        earlier.status = ReturnStatus.COMMITTED
        earlier.save(update_fields=["status"])
    audit_record(action="indicators.return_rolled_back", actor=actor, target=locked)
    _recompute_later(locked.organisation, codes)
    return locked
