"""Where the send ledger and the suppression list are: never where the command happens to run.

The ledger is `--ledger`, else `[send] ledger` in the organisation's kapmail.toml (relative
to that file), else `sends.sqlite` in the campaign folder. Every path is made absolute
before use, so cron running from `$HOME` and a marketer running from the repository find the
same ledger. A ledger inside a build folder (one that holds a build's manifest.json, which
the next build swaps away) is refused.

Every send locks `<ledger>.lock`, and the lock file stays. A run that finds the lock file but
no ledger stops: the ledger was deleted or moved, and starting afresh would send every
reader everything again. `--new-ledger` says it is meant.
"""

from __future__ import annotations

from pathlib import Path

from kapmail.config import Campaign
from kapmail.errors import KapmailError

DEFAULT_NAME = "sends.sqlite"
MANIFEST = "manifest.json"


def _absolute(path: Path, base: Path) -> Path:
    """`path` against `base` (itself made absolute), without resolving symlinks twice."""
    return (base / path.expanduser()).resolve() if not path.is_absolute() else path.resolve()


def ledger_path(campaign: Campaign, option: Path | None) -> Path:
    """The ledger this campaign's sends use, absolute (see the module's docstring)."""
    if option is not None:
        found = option.expanduser().resolve()
    elif campaign.send.ledger and campaign.org_file is not None:
        found = _absolute(Path(campaign.send.ledger), campaign.org_file.parent)
    else:
        found = _absolute(Path(DEFAULT_NAME), campaign.root)
    inside_build(found)
    return found


def check_renamed(campaign: Campaign, ledger: Path, sent: list[str]) -> None:
    """Stop a run on the campaign folder's own ledger when it records real sends (`sent`,
    by campaign slug) for other slugs only: the folder or `[campaign] slug` was renamed, and
    under the new slug every reader would get every email again. (A ledger that
    `[send] ledger` or `--ledger` names may be shared by several campaigns.)"""
    own = _absolute(Path(DEFAULT_NAME), campaign.root)
    if ledger != own or not sent or campaign.slug in sent:
        return
    named = ", ".join(repr(slug) for slug in sent)
    raise KapmailError(
        f"this campaign's ledger records sends for {named}, none for {campaign.slug!r}: "
        "was the campaign folder or its slug renamed?",
        file=ledger,
        key="campaign.slug",
        hint=f'keep its readers\' history: set [campaign] slug = "{sent[0]}" in '
        "campaign.toml; to send this campaign to everyone afresh, move the ledger away",
    )


def suppress_paths(campaign: Campaign, option: Path | None) -> list[Path]:
    """The suppression lists to honour: `[send] suppress` and `--suppress`, absolute."""
    paths = []
    if campaign.send.suppress and campaign.org_file is not None:
        paths.append(_absolute(Path(campaign.send.suppress), campaign.org_file.parent))
    if option is not None:
        paths.append(option.expanduser().resolve())
    return paths


def inside_build(ledger: Path) -> None:
    """Refuse a ledger in a folder a build writes (it holds, or is inside one that holds,
    a manifest.json): the next build would swap it away with the folder."""
    for folder in ledger.parents:
        if (folder / MANIFEST).is_file():
            raise KapmailError(
                "the send ledger may not live in a build folder (the next build replaces it)",
                file=ledger,
                hint="leave --ledger out (it then sits with the campaign) or set [send] ledger "
                "in kapmail.toml",
            )


def lock_path(ledger: Path) -> Path:
    """`<ledger>.lock`: what a send locks, and what shows a ledger was there."""
    return ledger.with_name(ledger.name + ".lock")


LEGACY = Path("outbox") / "sends.sqlite"  # the default of kapmail before the ledger moved


def check_new(campaign: Campaign, ledger: Path, *, new_ledger: bool, chosen: bool) -> None:
    """Stop a run that would start a new ledger where one was (its lock file remains), or,
    when the ledger is not `chosen` (--ledger), while an earlier kapmail's default ledger
    (`outbox/sends.sqlite` beside kapmail.toml or here) exists; unless `new_ledger`."""
    if ledger.exists() or new_ledger:
        return
    bases = [campaign.org_file.parent] if campaign.org_file else []
    legacy = [base.resolve() / LEGACY for base in [*bases, Path.cwd()]]
    found = next((path for path in legacy if path.is_file()), None)
    if found is not None and not chosen:
        raise KapmailError(
            f"no ledger at {ledger}, but an earlier kapmail's ledger is at {found}",
            file=ledger,
            hint=f"keep using it: --ledger {found} (or [send] ledger in kapmail.toml); "
            "only if every reader may get every email again, add --new-ledger",
        )
    if not lock_path(ledger).exists():
        return
    raise KapmailError(
        "the send ledger is gone, but a send used it before (its .lock file is still there)",
        file=ledger,
        hint="restore the ledger from a backup or name it with --ledger; starting afresh "
        "would send every reader every email again: only if that is meant, add --new-ledger",
    )
