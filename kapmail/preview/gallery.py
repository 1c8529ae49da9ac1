"""outbox/<campaign>/index.html: every email of a build on one page, with its check status."""

from __future__ import annotations

from kapmail.config import Campaign
from kapmail.manifest import Manifest
from kapmail.render.environment import environment

TEMPLATE = "gallery.html.j2"


def gallery(manifest: Manifest, campaign: Campaign) -> bytes:
    """The preview page for a built series, from its manifest alone."""
    page = environment(campaign.template_dir, html=True).get_template(TEMPLATE)
    about = campaign.about
    return page.render(manifest=manifest, lang=about.language, dir=about.direction).encode()
