"""Where a health setting goes, named as the user's own file (for the HC hints).

A campaign folder has its campaign.toml (read after the organisation's kapmail.toml); a bare
article has only the organisation's kapmail.toml, and `[evidence.*]` needs a campaign folder.
"""

from __future__ import annotations

from pathlib import Path

from kapmail.config import Campaign


def _shown(path: Path) -> str:
    """A settings file as the user knows it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _files(campaign: Campaign) -> tuple[Path | None, Path | None]:
    """The campaign's campaign.toml (None for a bare article) and organisation kapmail.toml."""
    own = next((p for p in campaign.sources if p.name == "campaign.toml"), None)
    org = next((p for p in campaign.sources if p.name == "kapmail.toml"), None)
    return own, org


def in_campaign_file(campaign: Campaign) -> str:
    """Where a campaign's own setting goes: 'in <campaign.toml>', or the bare article's choices."""
    own, org = _files(campaign)
    if own:
        return f"in {_shown(own)}"
    where = _shown(org) if org else "a kapmail.toml beside the article"
    return f"in {where} (for every bare article there) or in a new campaign folder's campaign.toml"


def in_org_file(campaign: Campaign) -> str:
    """Where an organisation-wide setting goes: its kapmail.toml, else the campaign's file."""
    own, org = _files(campaign)
    if org:
        return f"in {_shown(org)}"
    return f"in {_shown(own)}" if own else "in a kapmail.toml beside the article"


def in_evidence_file(campaign: Campaign) -> str:
    """Where [evidence.<slug>] goes: only a campaign folder's campaign.toml may hold it."""
    own, _ = _files(campaign)
    if own:
        return f"in {_shown(own)}"
    return (
        "in a campaign.toml: make a campaign folder for this article (kapmail.toml cannot hold it)"
    )
