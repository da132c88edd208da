"""What a bulk run tells its caller: progress while it runs, a report when it ends."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from formify.bulk._journal import JournalRow, RowState

__all__ = ["BulkProgress", "BulkReport"]


@attrs.frozen
class BulkProgress:
    """A snapshot passed to `on_progress` after every change of a row's state or a wait."""

    total: int
    created: int
    refused: int
    ambiguous: int
    pending: int
    in_flight: int
    requests: int  # API requests sent so far in this run
    rate_limit_waits: int  # times the run waited for the rate-limit window
    waited: float  # seconds spent in those waits
    elapsed: float  # seconds since the run started

    @property
    def done(self) -> int:
        """Rows settled either way (created or refused)."""
        return self.created + self.refused


@attrs.frozen
class BulkReport:
    """The end of a run: counts per state, the rows that need attention, `complete`."""

    journal: str
    counts: dict[RowState, int]
    refused: tuple[JournalRow, ...]
    ambiguous: tuple[JournalRow, ...]
    pending: tuple[JournalRow, ...]
    requests: int
    rate_limit_waits: int
    waited: float
    elapsed: float
    stopped_by: str | None  # the error that stopped the run early (401, API unreachable)

    @classmethod
    def of(
        cls,
        rows: Sequence[JournalRow],
        *,
        journal: str,
        requests: int,
        rate_limit_waits: int,
        waited: float,
        elapsed: float,
        stopped_by: str | None,
    ) -> BulkReport:
        """Build the report from the journal's final rows."""
        counts = {state: 0 for state in RowState}
        for row in rows:
            counts[row.state] += 1
        return cls(
            journal=journal,
            counts=counts,
            refused=tuple(r for r in rows if r.state is RowState.REFUSED),
            ambiguous=tuple(r for r in rows if r.state is RowState.AMBIGUOUS),
            pending=tuple(r for r in rows if r.state is RowState.PENDING),
            requests=requests,
            rate_limit_waits=rate_limit_waits,
            waited=waited,
            elapsed=elapsed,
            stopped_by=stopped_by,
        )

    @property
    def total(self) -> int:
        """Rows in the journal."""
        return sum(self.counts.values())

    @property
    def created(self) -> int:
        """Rows whose document exists."""
        return self.counts[RowState.CREATED]

    @property
    def complete(self) -> bool:
        """Whether every row has its document (nothing refused, ambiguous or unsent)."""
        return self.created == self.total

    @property
    def exit_code(self) -> int:
        """0 when complete, else 1 (the command line's exit status)."""
        return 0 if self.complete else 1

    def settle_commands(self) -> list[str]:
        """For each ambiguous row, the commands that settle it by hand."""
        return [
            f"formify send --journal {self.journal} --settle {row.key}=DOCUMENT_ID"
            f"   (or --settle {row.key}=absent to send it again)"
            for row in self.ambiguous
        ]

    def summary(self) -> str:
        """Return a few lines for people: counts per state, then the rows that need attention."""
        parts = ", ".join(f"{count} {state.value}" for state, count in self.counts.items() if count)
        lines = [
            f"{self.created} of {self.total} documents created ({parts or 'no rows'}); "
            f"{self.requests} requests, {self.rate_limit_waits} rate-limit waits "
            f"({self.waited:.1f} s), {self.elapsed:.1f} s"
        ]
        if self.stopped_by:
            lines.append(f"stopped early: {self.stopped_by}")
        lines += [f"refused {row.key}: {row.error}" for row in self.refused]
        lines += [f"not sent {row.key}: {row.error or 'not reached'}" for row in self.pending]
        for row, command in zip(self.ambiguous, self.settle_commands(), strict=True):
            lines.append(f"ambiguous {row.key} ({row.document_name}): {row.error}")
            lines.append(f"  settle: {command}")
        return "\n".join(lines)
