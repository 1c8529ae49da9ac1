"""HC: health content (compliance.md section 7).

The family is registered so a campaign can switch it off or re-grade it in campaign.toml
(`[checks.HC]`); its rules (regulatory status, disclaimer, crisis lines, banned claims,
evidence, risks) arrive with the health-content issue.
"""

from __future__ import annotations

from kapmail.checks.engine import REGISTRY

FAMILY = REGISTRY.family("HC", "Health content")
