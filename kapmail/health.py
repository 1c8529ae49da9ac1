"""Health-content settings as plain data: evidence per section, regulatory note, crisis lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from kapmail.config import REFERENCE_IDS, Campaign

_LINKS = {
    "doi": "https://doi.org/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://pmc.ncbi.nlm.nih.gov/articles/{}/",
}
_LABELS = {"doi": "doi:{}", "pmid": "PMID {}", "pmcid": "{}"}


@dataclass(frozen=True)
class Reference:
    """A citation with the identifier readers can follow."""

    citation: str
    kind: str  # doi, pmid, pmcid or pubmed_query
    value: str

    @property
    def url(self) -> str:
        if self.kind == "pubmed_query":
            return f"https://pubmed.ncbi.nlm.nih.gov/?term={quote_plus(self.value)}"
        return _LINKS[self.kind].format(self.value)

    @property
    def identifier(self) -> str:
        """`doi:10.…`, `PMID 123`, `PMC456` or `PubMed search` for display."""
        if self.kind == "pubmed_query":
            return "PubMed search"
        return _LABELS[self.kind].format(self.value)

    @property
    def has_identifier(self) -> bool:
        """True for a DOI, PMID or PMCID; a PubMed search names no single paper."""
        return self.kind != "pubmed_query"


@dataclass(frozen=True)
class Evidence:
    """How well a section's claims are supported."""

    level: str
    qualifier: str | None
    note: str
    references: tuple[Reference, ...]

    @property
    def label(self) -> str:
        """'Strong (short-term)', 'Not established'."""
        base = self.level[:1].upper() + self.level[1:]
        return f"{base} ({self.qualifier})" if self.qualifier else base


@dataclass(frozen=True)
class CrisisLine:
    country: str
    service: str
    call_or_text: str | None
    chat_url: str | None
    emergency: str | None


def evidence_for(campaign: Campaign) -> dict[str, Evidence]:
    """Evidence notes keyed by section slug."""
    return {slug: _evidence(values) for slug, values in campaign.entries("evidence").items()}


def crisis_lines(campaign: Campaign) -> tuple[CrisisLine, ...]:
    """Crisis lines in country-code order."""
    return tuple(
        CrisisLine(country=country, **values)
        for country, values in sorted(campaign.entries("crisis").items())
    )


def _evidence(values: Mapping[str, Any]) -> Evidence:
    refs = []
    for ref in values["references"]:
        kind = next(k for k in REFERENCE_IDS if k in ref)
        refs.append(Reference(citation=ref["citation"], kind=kind, value=ref[kind]))
    return Evidence(
        level=values["level"],
        qualifier=values["qualifier"],
        note=values["note"],
        references=tuple(refs),
    )
