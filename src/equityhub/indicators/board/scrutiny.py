"""What a board member should look at: the kinds of finding that call for scrutiny, read from an
indicator's figures.

Each kind names a situation a board can ask about (a widening gap, special-cause variation,
withheld figures, no named owner, a target off track); the questions for each are in the bank
(`BoardQuestion`), so this module only decides which kinds apply. The words that describe the
figures themselves come from `findings` and `tiles`, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from equityhub.indicators.board.models import FindingKind
from equityhub.indicators.dashboard import findings
from equityhub.indicators.dashboard.targets import MISSED, NO_TARGET, OFF_TRACK
from equityhub.indicators.dashboard.tiles import SPC_WORDS, Tile

CONCERN_WORDS = SPC_WORDS["special cause concern"]
__all__ = ["FindingKind", "Scrutiny", "kinds_of", "scrutiny_of"]

# Kinds that make an indicator "need scrutiny" on the chair's home page.
PRESSING = (FindingKind.WIDENING_GAP, FindingKind.SPECIAL_CAUSE, FindingKind.OFF_TRACK)


@dataclass(frozen=True)
class Scrutiny:
    """One adopted indicator and the kinds of finding that apply to it."""

    tile: Tile
    kinds: tuple[FindingKind, ...]

    @property
    def pressing(self) -> tuple[FindingKind, ...]:
        return tuple(k for k in self.kinds if k in PRESSING)


def _withheld(tile: Tile) -> bool:
    return any(
        figure is not None and not findings.shown(figure)
        for figure in (tile.latest, tile.gap, tile.sii)
    )


def kinds_of(tile: Tile) -> tuple[FindingKind, ...]:
    """Which kinds of finding apply to this tile, most pressing first, `EVERY` last."""
    found: list[FindingKind] = []
    if tile.trend.startswith("Widened"):
        found.append(FindingKind.WIDENING_GAP)
    if tile.spc == CONCERN_WORDS:
        found.append(FindingKind.SPECIAL_CAUSE)
    if tile.status.status in (OFF_TRACK, MISSED):
        found.append(FindingKind.OFF_TRACK)
    if _withheld(tile):
        found.append(FindingKind.WITHHELD)
    if tile.adoption.owner_id is None:
        found.append(FindingKind.NO_OWNER)
    if tile.status.status == NO_TARGET:
        found.append(FindingKind.NO_TARGET)
    found.append(FindingKind.EVERY)
    return tuple(found)


def scrutiny_of(tiles: list[Tile]) -> list[Scrutiny]:
    """Every tile with its kinds; those with something pressing first, in dashboard order."""
    found = [Scrutiny(tile, kinds_of(tile)) for tile in tiles if not tile.is_qualitative]
    return sorted(found, key=lambda s: not s.pressing)
