"""Words the health rules look for: treatment talk (HC7) and negation just before a claim (HC4).

Both lists are short and explicit on purpose: a reader of a finding can see why it fired.
"""

from __future__ import annotations

import functools
import re

# Names a medication, a disorder, or claims that something treats one (whole words).
TREATMENT = re.compile(
    r"\b(?:"
    r"(?:es)?ketamine|antidepressants?|SSRIs?|SNRIs?|benzodiazepines?|antipsychotics?|"
    r"psilocybin|MDMA|medications?|doses|dose|dosage|prescriptions?|prescribed|"
    r"depression|PTSD|anxiety disorders?|panic disorder|bipolar(?: disorder)?|ADHD|"
    r"insomnia|schizophrenia|OCD|eating disorders?|substance use disorders?|"
    r"treats|treatments? (?:for|of)|(?:psycho)?therapy for"
    r")\b",
    re.IGNORECASE,
)

# A clause ends at sentence or clause punctuation, dashes and parentheses.
CLAUSE_END = re.compile(r"[.;:!?,\u2014\u2013()]")
NEGATION = re.compile(
    r"\b(?:no|not|never|nor|cannot|without|isn['\u2019]t)\b|n['\u2019]t\b", re.IGNORECASE
)
# Idioms that start with a negation word but affirm what follows.
AFFIRMING = re.compile(
    r"\b(?:not only|no doubt|no question|without (?:a )?doubt|never fails?|"
    r"(?:do not|don['\u2019]t) (?:miss|wait|delay|hesitate))\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def treatment_words(text: str) -> tuple[str, ...]:
    """The treatment words in `text`, in order, as written. Kept per text for the process:
    `preview --watch` asks again for every unchanged email of a series."""
    return tuple(match.group(0) for match in TREATMENT.finditer(text))


def clause_before(text: str, at: int) -> str:
    """The start of the clause holding position `at`, up to `at`."""
    starts = [m.end() for m in CLAUSE_END.finditer(text, 0, at)]
    return text[starts[-1] if starts else 0 : at]


NEAR = 3  # a negation counts only within this many words before the claim


def negated(text: str, at: int) -> bool:
    """Whether a negation word comes just before position `at` (within NEAR words, in the
    same clause): "no guaranteed way", "not a cure-all", "cannot be cured", but not "no side
    effects and a permanent cure"."""
    before = AFFIRMING.sub(" ", clause_before(text, at))
    near = " ".join(before.split()[-NEAR:])
    return NEGATION.search(near) is not None
