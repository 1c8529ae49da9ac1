"""HC: health content (compliance.md section 7).

A series about a treatment must state its regulatory status (HC1), carry a disclaimer (HC2)
and crisis lines (HC3) in every email, make no absolute claims (HC4), give each condition an
evidence level with a traceable reference (HC5) and name the risks (HC6). Health content is
opt-in: only a campaign that sets `[health] related = true` gets HC1-HC6; one that is not
marked but talks about treatments gets a single HC7 warning saying how to mark it. Hints name
the file a setting goes in (campaign.toml, or for a bare article the organisation's
kapmail.toml or a new campaign folder).

Longer than 300 lines on purpose: each rule's docstring is its row of the generated
checks reference (docs/checks.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kapmail import i18n
from kapmail.checks.common import contains, normalise
from kapmail.checks.context import Context, SeriesView
from kapmail.checks.engine import REGISTRY, SERIES, Hit, error, warning
from kapmail.checks.health_hints import in_campaign_file, in_evidence_file, in_org_file
from kapmail.checks.health_words import negated, treatment_words
from kapmail.checks.prose import Prose, prose_of
from kapmail.plan import SECTION, Email
from kapmail.platforms import untracked

FAMILY = REGISTRY.family("HC", "Health content")

BANNED = re.compile(
    r"\b(cur(?:e|es|ed|ing)|guarantee[sd]?|guaranteeing|miracles?|miraculous(?:ly)?|"
    r"permanent(?:ly)?|risk[- ]free)\b|\b100\s?%",
    re.IGNORECASE,
)
PROVEN = re.compile(r"\bproven\b", re.IGNORECASE)
PLAIN_DISCLAIMER = "not medical advice"
# The same plain statement in the other catalogs' languages: "medical advice" in one of its
# usual words, with a negation (a series in Spanish says it in Spanish).
PLAIN_ELSEWHERE = {
    "es": (r"consejo m[ée]dico|asesoramiento m[ée]dico", r"\bno\b|\bni\b"),
    "fr": (r"avis m[ée]dical|conseil m[ée]dical", r"\bpas\b|\bne\b|\bn['’]|\baucun"),
    "de": (r"(ärztlich|medizinisch)\w* (rat|beratung)", r"\bkein\w*|\bnicht\b|\bersetzt\b"),
    "pt": (r"(aconselhamento|conselho|orienta[çc][ãa]o) m[ée]dic[oa]", r"\bn[ãa]o\b"),
    "ar": (r"(نصيحة|نصائح|استشارة) طبية", r"ليست|ليس|\bلا\b|لا تغني"),
}


def says_not_advice(text: str, language: str) -> bool:
    """The disclaimer says plainly it is not medical advice, in English or the series' own
    language."""
    plain = normalise(text)
    if PLAIN_DISCLAIMER in plain:
        return True
    words = PLAIN_ELSEWHERE.get(language.split("-")[0].lower())
    return bool(words and re.search(words[0], plain) and re.search(words[1], plain))


NOT_ESTABLISHED = "not established"


def _is_health(ctx: Context | SeriesView) -> bool:
    return ctx.campaign.health.related


def _both_parts(ctx: Context, needle: str) -> list[str]:
    """The parts ('HTML', 'plain-text') in which `needle` does not appear."""
    parts = (("HTML", ctx.doc.visible_text), ("plain-text", ctx.text))
    return [name for name, haystack in parts if not contains(haystack, needle)]


@REGISTRY.rule("HC1", "regulatory status stated in the series", scope=SERIES)
def regulatory_status(series: SeriesView) -> Iterator[Hit]:
    """series: `[health] regulatory` is set and some email shows it

    Severity: E.
    """
    if not _is_health(series) or not series.emails:
        return
    note = series.campaign.health.regulatory
    if not note:
        yield error(
            "the series never states the treatment's regulatory status (what is approved, "
            "for what, and what is off-label): set [health] regulatory "
            + in_campaign_file(series.campaign),
            part="config",
            key="health.regulatory",
        )
    elif not any(contains(seen.visible_text, note) for seen in series.emails):
        yield error(
            "[health] regulatory is set but no email shows it: keep the safety block in the "
            "first and last email's template",
            part="config",
            key="health.regulatory",
        )


@REGISTRY.rule("HC2", "a plain disclaimer in every email")
def disclaimer(ctx: Context) -> Iterator[Hit]:
    """a disclaimer is set, says "not medical advice" (or so in the series' language: Spanish,
    French, German, Portuguese, Arabic), and shows in both parts of every email

    Severity: E.
    """
    if not _is_health(ctx):
        return
    text = ctx.campaign.health.disclaimer
    if not text:
        yield error(
            "no disclaimer: every email about a treatment must say it is educational "
            "information, not medical advice; set [health] disclaimer " + in_org_file(ctx.campaign),
            part="config",
            key="health.disclaimer",
        )
        return
    if not says_not_advice(text, ctx.campaign.about.language):
        yield error(
            "the disclaimer does not say plainly that this is 'not medical advice': add "
            "those words",
            part="config",
            key="health.disclaimer",
        )
    for part in _both_parts(ctx, text):
        yield error(f"the {part} part does not show the disclaimer: keep it in the footer")


@REGISTRY.rule("HC3", "crisis resources in every email")
def crisis_lines(ctx: Context) -> Iterator[Hit]:
    """at least one `[crisis.<country>]`, and each one's number shows in both parts of every email

    Severity: E.
    """
    if not _is_health(ctx):
        return
    lines = ctx.campaign.crisis_lines
    if not lines:
        yield error(
            "no crisis line: add [crisis.US] with service, call_or_text (988) and emergency "
            "(911), or your country's equivalent, " + in_org_file(ctx.campaign),
            part="config",
            key="crisis",
        )
        return
    for line in lines:
        needle = line.call_or_text or line.service
        for part in _both_parts(ctx, needle):
            yield error(
                f"the {part} part does not show the crisis line for {line.country} ({needle}): "
                "keep it in the footer"
            )


@REGISTRY.rule("HC4", "no absolute claims (cure, guaranteed, miracle, …)", scope=SERIES)
def absolute_claims(series: SeriesView) -> Iterator[Hit]:
    """series: no cure, guaranteed, miracle, permanent, 100 %, risk-free (whole words) in the
    article or the configuration, reported at the article line or config key; "proven" warns
    unless the email cites a DOI/PMID; a word after a negation in the same clause passes
    (below)

    Severity: E (W for "proven").
    """
    if not _is_health(series):
        return
    seen: set[tuple[str, str, int | None, str]] = set()
    for email in (s.email for s in series.emails if s.email):
        referenced = _has_identifier(email)
        for piece in prose_of(email, series.campaign, series.article):
            claims = [(m, error) for m in BANNED.finditer(piece.text)]
            if not referenced:
                claims += [(m, warning) for m in PROVEN.finditer(piece.text)]
            for match, grade in claims:
                if negated(piece.text, match.start()):  # "there is no guaranteed way"
                    continue
                key = (*piece.where, match.group(0).lower())
                if key in seen:  # shared text (a disclaimer, say) is reported once
                    continue
                seen.add(key)
                yield grade(_claim_message(match, piece.text), **_where(piece))


def _claim_message(match: re.Match[str], text: str) -> str:
    word, quoted = match.group(0), _quote(text, match.start())
    if PROVEN.fullmatch(word):
        return (
            f"'proven' without a reference in {quoted}: cite the evidence "
            "([evidence.<slug>] references) or soften the claim"
        )
    return (
        f"absolute claim {word!r} in {quoted}: health claims need evidence, and no "
        "treatment is certain; rephrase it"
    )


@REGISTRY.rule("HC5", "each condition email has an evidence level and a reference")
def evidence(ctx: Context) -> Iterator[Hit]:
    """every condition email has `[evidence.<slug>]`, a reference with a DOI, PMID or PMCID (a
    PubMed search only for level "not established"), and shows the level and a source link

    Severity: E.
    """
    email = ctx.email
    if not _is_health(ctx) or email is None or email.kind != SECTION:
        return
    key = f"evidence.{email.slug}"
    if email.evidence is None:
        yield error(
            f"no evidence note for {email.title!r}: add [{key}] with level, note and "
            f"references (a DOI or PMID) {in_evidence_file(ctx.campaign)}",
            part="config",
            key=key,
        )
        return
    refs = email.evidence.references
    if not any(r.has_identifier for r in refs) and email.evidence.level != NOT_ESTABLISHED:
        yield error(
            f"the references for {email.title!r} have no DOI, PMID or PMCID: readers must be "
            "able to find the source (a PubMed search only serves 'not established')",
            part="config",
            key=f"{key}.references",
        )
    shown = i18n.evidence_label(
        email.evidence.level, email.evidence.qualifier, ctx.campaign.about.language or "en"
    )
    if not contains(ctx.doc.visible_text, shown):
        yield error("the evidence level is not shown: keep the evidence block in the template")
    hrefs = {untracked(a.get("href") or "") for a in ctx.doc.elements("a")}
    unlinked = [ref.citation for ref in refs if ref.url not in hrefs]
    if unlinked:
        yield error(
            f"no reference link is shown for {unlinked[0]!r}: keep the evidence block's "
            "source links"
        )


# Words in a note that a level cannot stand beside: a "strong" level whose own note rates the
# certainty low, a "moderate" one whose note finds no trials, a "limited" one whose note calls
# the evidence strong. (A moderate level may name one comparison's very-low GRADE rating beside
# larger trials; a strong one may not.)
# Said of the evidence itself, not of one outcome ("long-term data are lacking" is fine).
_NO_TRIALS = (
    r"\bno\s+randomi[sz]ed\b|\b(?:the\s+)?evidence\s+(?:is\s+)?(?:lacking|absent)\b|"
    r"\black\s+of\s+(?:evidence|trials)\b|\b(?:benefit|efficacy)\s+(?:is|has)\s+not\s+"
    r"(?:been\s+)?(?:established|shown)\b"
)
_LOW_CERTAINTY = r"\b(?:very\s+)?low[- ]certainty\b|\bcertainty\b[^.]*?\b(?:very\s+)?low\b"
_ABOVE_LIMITED = re.compile(
    r"\bstrong\s+evidence\b|\bwell[- ]established\b|\bhigh[- ]certainty\b", re.IGNORECASE
)
_CONTRADICTING = {
    "strong": re.compile(f"{_LOW_CERTAINTY}|{_NO_TRIALS}", re.IGNORECASE),
    "moderate": re.compile(_NO_TRIALS, re.IGNORECASE),
    "limited": _ABOVE_LIMITED,
    NOT_ESTABLISHED: _ABOVE_LIMITED,
}


@REGISTRY.rule("HC8", "the evidence level agrees with its own note")
def level_agrees_with_note(ctx: Context) -> Iterator[Hit]:
    """each `[evidence.<slug>]` level agrees with its own note: a "strong" level whose note rates
    the certainty (very) low or says what the moderate rule below looks for; a "moderate" one
    whose note finds no randomised trials, says the evidence is lacking or that the benefit is
    not established or shown (it may name one comparison's very-low rating beside larger
    trials, or an outcome whose data are lacking); a "limited" or "not established" level whose
    note calls the evidence strong, well established or of high certainty; reported at
    `evidence.<slug>.level` with the words that disagree

    Severity: E.
    """
    email = ctx.email
    if not _is_health(ctx) or email is None or email.evidence is None:
        return
    found = _CONTRADICTING.get(email.evidence.level)
    match = found.search(email.evidence.note) if found else None
    if match:
        yield error(
            f"the evidence level {email.evidence.label!r} for {email.title!r} disagrees with "
            f"its own note, which says {' '.join(match.group(0).split())!r}: set the "
            "level the note supports or reword the note",
            part="config",
            key=f"evidence.{email.slug}.level",
        )


@REGISTRY.rule("HC6", "the risks are named in the series", scope=SERIES)
def risks(series: SeriesView) -> Iterator[Hit]:
    """series: `[health] risks` is set, and every term of `[health] risk_terms` appears in the
    series

    Severity: W.
    """
    if not _is_health(series) or not series.emails:
        return
    health = series.campaign.health
    note = health.risks
    if not note:
        yield warning(
            "the series names no risks: set [health] risks (side effects, misuse, who should "
            "not have it) " + in_campaign_file(series.campaign),
            part="config",
            key="health.risks",
        )
    series_text = " ".join(seen.visible_text for seen in series.emails)
    missing = [t for t in health.risk_terms or () if not contains(series_text, t)]
    if missing:
        yield warning(
            f"the series does not mention these risks: {', '.join(missing)}; name them in "
            "[health] risks",
            part="config",
            key="health.risk_terms",
        )


@REGISTRY.rule("HC7", "treatment talk in a campaign not marked health-related", scope=SERIES)
def unmarked_treatment_talk(series: SeriesView) -> Iterator[Hit]:
    """series, only when `[health] related` is false: the article names no medication (ketamine,
    esketamine, antidepressant, SSRI, medication, dose, prescription, …), no disorder
    (depression, PTSD, anxiety disorder, ADHD, insomnia, …) and makes no treatment claim
    ("treats", "treatment for", "therapy for"); one finding for the series, quoting the first
    words found with their article lines and naming the file in which to set `[health] related
    = true`

    Severity: W.
    """
    if _is_health(series):
        return
    found = _treatment_talk(series)
    if not found:
        return
    first, quoted = found[0], ", ".join(f"{w!r} (line {line})" for w, line in found)
    yield warning(
        f"the article talks about treatment ({quoted}) but the campaign is not marked "
        "health-related, so it gets no health rules, disclaimer or crisis lines: if it is "
        f"about a treatment, set [health] related = true {in_campaign_file(series.campaign)}; "
        'if not, switch it off with [checks.HC7] (severity = "off" and a reason)',
        part="article",
        key=series.article or "article",
        line=first[1],
    )


def _treatment_talk(series: SeriesView, most: int = 3) -> list[tuple[str, int | None]]:
    """The first few distinct treatment words of the article's prose, with their lines."""
    found: dict[str, tuple[str, int | None]] = {}
    for email in (s.email for s in series.emails if s.email):
        for piece in prose_of(email, series.campaign, series.article):
            if piece.part != "article" or piece.line is None:  # a configured title, say
                continue
            for word in treatment_words(piece.text):
                found.setdefault(word.lower(), (word, piece.line))
                if len(found) == most:
                    return list(found.values())
    return list(found.values())


def _has_identifier(email: Email) -> bool:
    found = email.evidence
    return bool(found and any(r.has_identifier for r in found.references))


def _where(piece: Prose) -> dict[str, object]:
    return {"part": piece.part, "key": piece.key, "line": piece.line}


def _quote(text: str, at: int, width: int = 60) -> str:
    start = max(0, at - width // 3)
    snippet = " ".join(text[start : start + width].split())
    return repr(("…" if start else "") + snippet + ("…" if start + width < len(text) else ""))
