"""How an article closes: its conclusion heading and its closing question, in seven languages.

The conclusion heading is recognised in English, Spanish, French, German, Portuguese,
Italian and Arabic (optionally numbered, optionally ending in a colon), or by the name a
campaign gives in `[article] conclusion`. A closing question ends in `?` or the Arabic `؟`,
or is wrapped in Spanish `¿…?`.
"""

from __future__ import annotations

import re
import unicodedata

CONCLUSION_NAMES = (
    # English
    "conclusion",
    "conclusions",
    "in conclusion",
    "summary",
    "in summary",
    "to sum up",
    "final thoughts",
    "closing thoughts",
    "wrapping up",
    "key takeaways",
    "takeaways",
    # Spanish
    "conclusión",
    "conclusiones",
    "en conclusión",
    "en resumen",
    "resumen",
    "reflexiones finales",
    # French
    "conclusion générale",
    "en conclusion",
    "en résumé",
    "résumé",
    "pour conclure",
    "le mot de la fin",
    # German
    "fazit",
    "zusammenfassung",
    "schlussfolgerung",
    "schlusswort",
    "abschließende gedanken",
    # Portuguese
    "conclusão",
    "conclusões",
    "em resumo",
    "resumo",
    "considerações finais",
    # Italian
    "conclusione",
    "conclusioni",
    "in conclusione",
    "in sintesi",
    "riepilogo",
    "considerazioni finali",
    # Arabic
    "الخاتمة",
    "خاتمة",
    "الخلاصة",
    "خلاصة",
    "في الختام",
    "ختاما",
    "ختامًا",
    "الملخص",
    "ملخص",
    "الاستنتاج",
    "الاستنتاجات",
    "خلاصة القول",
    "أفكار ختامية",
)
_NUMBER = re.compile(r"^(?:\d{1,3}[.)٫]\s+)")
_QUOTES = "\"'”’»)"


def _key(text: str) -> str:
    """A heading reduced for comparison: no number, no end colon, case and accents folded
    only as far as NFC (accents are kept: 'résumé' is not 'resume')."""
    text = _NUMBER.sub("", unicodedata.normalize("NFC", text.strip()))
    return " ".join(text.rstrip(":").split()).casefold()


def is_conclusion(title: str, extra: str | None = None) -> bool:
    """`title` is a conclusion heading (one of CONCLUSION_NAMES, or the campaign's `extra`)."""
    key = _key(title)
    return key in CONCLUSION_NAMES or (extra is not None and key == _key(extra))


def is_question(text: str) -> bool:
    """`text` ends a question: `…?`, `…؟`, or `¿…?` (closing quotes and brackets aside)."""
    core = text.strip().rstrip(_QUOTES)
    return core.endswith(("?", "؟"))
