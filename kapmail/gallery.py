"""outbox/<campaign>/index.html: every email of a build on one page, with its check status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kapmail.config import Campaign
from kapmail.templates import environment

TEMPLATE = "gallery.html.j2"


def gallery(manifest: Mapping[str, Any], campaign: Campaign) -> bytes:
    """The preview page for a built series, from its manifest alone."""
    page = environment(campaign.template_dir, html=True).get_template(TEMPLATE)
    language = campaign.get("campaign", "language")
    direction = campaign.get("campaign", "direction")
    return page.render(manifest=manifest, lang=language, dir=direction).encode()
