"""Configuration: kapmail.toml + campaign.toml -> a typed, frozen `Campaign`.

`values` holds the generic value checks, `schema` a dataclass per table with help beside
each key, `load` finding, reading and merging the files.
"""

from kapmail.config.load import CAMPAIGN_FILE, campaign_for_article, load_campaign
from kapmail.config.schema import (
    Campaign,
    CrisisLine,
    EmailOverride,
    Evidence,
    Reference,
    Switch,
    Texts,
)
from kapmail.config.where import ORG_FILE, Located, find_org_file, org_file_for

__all__ = [
    "CAMPAIGN_FILE",
    "ORG_FILE",
    "Campaign",
    "CrisisLine",
    "EmailOverride",
    "Evidence",
    "Located",
    "Reference",
    "Switch",
    "Texts",
    "campaign_for_article",
    "find_org_file",
    "load_campaign",
    "org_file_for",
]
