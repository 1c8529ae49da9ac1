"""What `kapmail send` and `kapmail sends` print: the dry-run plan, the tally, the ledger."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from kapmail.deliver.export import spreadsheet_safe
from kapmail.send.ledger import SENDING, Row

UNCERTAIN_HINT = (
    "the run that claimed it stopped before the server answered, so it may or may not have "
    "arrived: check the mailbox or the server's log, then send it with --retry-uncertain"
)


@dataclass
class Tally:
    """What one run did, counted as it goes."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deferred: int = 0  # temporary failures that outlasted the retries: the next run tries
    uncertain: int = 0  # left uncertain by an earlier run, or cut off in this one
    cut_off: int = 0  # of those, cut off in this run (it counts as a failure)
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.failed or self.cut_off or self.deferred)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def line(self, campaign: str) -> str:
        """`kap-conditions: 8 sent, 2 skipped (2 already sent), 0 failed, 0 uncertain,
        0 deferred`."""
        why = ", ".join(f"{count} {reason}" for reason, count in self.reasons.items())
        skipped = f"{self.skipped} skipped" + (f" ({why})" if why else "")
        return (
            f"{campaign}: {self.sent} sent, {skipped}, {self.failed} failed, "
            f"{self.uncertain} uncertain, {self.deferred} deferred"
        )


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Aligned columns (the last one left ragged), one line per row."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


LEDGER_COLUMNS = (
    "campaign",
    "position",
    "slug",
    "recipient",
    "kind",
    "state",
    "attempts",
    "claimed_at",
    "finished_at",
    "message_id",
    "reply",
)


def ledger_table(rows: Sequence[Row]) -> str:
    """The ledger for a terminal: one line per row, uncertain rows called so."""
    header = ("campaign", "#", "recipient", "kind", "state", "at (UTC)", "reply")
    shown = [
        (
            row.campaign,
            str(row.position),
            row.recipient,
            "test" if row.test else "live",
            "uncertain" if row.state == SENDING else row.state,
            (row.finished_at or row.claimed_at).replace("+00:00", ""),
            row.reply or "",
        )
        for row in rows
    ]
    return table(header, shown)


def ledger_csv(rows: Sequence[Row]) -> str:
    """The ledger as CSV, every column; cells a spreadsheet would run as formulas are quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEDGER_COLUMNS)
    for row in rows:
        values = (
            row.campaign,
            row.position,
            row.slug,
            row.recipient,
            "test" if row.test else "live",
            row.state,
            row.attempts,
            row.claimed_at,
            row.finished_at or "",
            row.message_id,
            row.reply or "",
        )
        writer.writerow([spreadsheet_safe(str(value)) for value in values])
    return out.getvalue()
