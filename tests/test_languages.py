"""Speaking the reader's language: Spanish, French and Arabic series built end to end carry no
English template text, local dates, the right `lang` and `dir`, and readable file names; the
language is settled as documented; the catalogs are complete and nothing escapes them."""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from kapmail import i18n
from kapmail.cli import cli
from kapmail.text import display_width, slugify, word_count
from tests.conftest import MINIMAL_CAMPAIGN, copy_org, make_campaign
from tests.html_text import visible_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(__file__).resolve().parent / "articles" / "languages"
LOCALES = ROOT / "kapmail" / "locale"
TEMPLATES = ROOT / "templates"

# Each campaign's own texts in its language (organisation texts are not the templates' to
# translate), a button, an evidence note and a question: every kind of template text shows.
CAMPAIGNS = {
    "es": (
        "es.md",
        'language = "es"',
        "por-que-importa-el-sueno",
        {
            "audience": "Recibe este correo porque se apuntó a nuestra lista.",
            "disclaimer": "Esta serie es información educativa, no consejo médico.",
            "service": "Teléfono de la Esperanza",
            "label": "Reserve una sesión",
            "qualifier": "a corto plazo",
            "note": "Varios estudios muestran que dormir poco empeora el ánimo.",
            "citation": "Revisión sistemática sobre sueño y ánimo, 2020",
        },
    ),
    "fr": (
        "fr.md",
        "",  # the front matter's lang
        "pourquoi-le-sommeil-compte",
        {
            "audience": "Vous recevez ce message car vous êtes inscrit à notre liste.",
            "disclaimer": "Cette série est une information éducative, pas un avis médical.",
            "service": "SOS Amitié",
            "label": "Réserver une séance",
            "qualifier": "à court terme",
            "note": "Plusieurs études montrent que le manque de sommeil dégrade l'humeur.",
            "citation": "Revue systématique sur le sommeil et l'humeur, 2020",
        },
    ),
    "ar": (
        "ar.md",
        "",  # detected from the article
        "لماذا-يهم-النوم",
        {
            "audience": "تصلك هذه الرسالة لأنك اشتركت في قائمتنا.",
            "disclaimer": "هذه السلسلة معلومات تثقيفية وليست نصيحة طبية.",
            "service": "خط المساندة النفسية",
            "label": "احجز جلسة",
            "qualifier": "قصير المدى",
            "note": "تُظهر دراسات كثيرة أن قلة النوم تسيء المزاج.",
            "citation": "مراجعة منهجية عن النوم والمزاج، 2020",
        },
    ),
}


def campaign_toml(setting: str, section: str, words: dict[str, str]) -> str:
    return f"""\
[campaign]
name = "Sleep"
{setting}

[schedule]
start = 2027-03-04
cadence_days = 2
timezone = "Europe/Madrid"

[sender]
audience = "{words["audience"]}"

[health]
related = true
disclaimer = "{words["disclaimer"]}"
regulatory = "{words["disclaimer"]}"
risks = "{words["note"]}"

[crisis.US]
service = "{words["service"]}"

[call_to_action]
label = "{words["label"]}"
url = "https://example.org/book"

[evidence."{section}"]
level = "strong"
qualifier = "{words["qualifier"]}"
note = "{words["note"]}"
references = [{{ citation = "{words["citation"]}", doi = "10.1000/182" }}]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each language's campaign built through the CLI: its folder and what the build said."""
    found = {}
    for language, (article, setting, section, words) in CAMPAIGNS.items():
        root = tmp_path_factory.mktemp(language)
        toml = campaign_toml(setting, section, words)
        folder = make_campaign(root, (ARTICLES / article).read_text(), toml, name=article)
        out = root / "out"
        result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
        assert result.exit_code in (0, 1), result.output
        found[language] = (out / "campaign", result.output)
    return found


def english_fragments() -> list[re.Pattern[str]]:
    """Every piece of English a catalog message holds between its placeholders (the date
    patterns aside), as whole words: what must not show in an email in another language."""
    catalog = read_po((LOCALES / "kapmail.pot").open("rb"))
    pieces = set()
    for message in catalog:
        if not message.id or "MMM" in str(message.id):
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"%\([a-z]+\)[sd]", text):
                piece = piece.strip(" .,()“”")  # "Sources:" (French: "Sources :")
                if re.search(r"[A-Za-z]{2}", piece):
                    pieces.add(piece)
    return [re.compile(rf"(?<![\w]){re.escape(p)}(?![\w])") for p in sorted(pieces)]


ENGLISH_DATES = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b"
)


def emails_of(folder: Path) -> list[dict[str, str]]:
    entries = json.loads((folder / "manifest.json").read_text())["emails"]
    for entry in entries:
        entry["html_source"] = (folder / entry["html"]).read_text()
        entry["text_source"] = (folder / entry["text"]).read_text()
        entry["visible"] = visible_text(entry["html_source"])
    return entries


@pytest.mark.parametrize("language", CAMPAIGNS)
def test_no_english_template_text_in_html_or_text(built, language):
    folder, _ = built[language]
    emails = emails_of(folder)
    assert len(emails) == 4
    fragments = english_fragments()
    assert len(fragments) > 40  # the test reads the real catalog
    for entry in emails:
        for part in ("visible", "text_source", "subject", "preheader"):
            shown = entry[part]
            left = [f.pattern for f in fragments if f.search(shown)]
            assert not left, (entry["html"], part, left)
            assert not ENGLISH_DATES.search(shown), (entry["html"], part)


LOCAL = {
    # the first email goes out on Thursday 4 March 2027; the second two days later
    "es": ("Próximamente, el sábado, 6 de marzo:", "jue 04 mar 2027 09:00 CET", "Parte 1 de 4"),
    "fr": ("À suivre, samedi 6 mars\u00a0:", "jeu. 04 mars 2027 09:00 CET", "Partie 1 sur 4"),
    "ar": ("الرسالة التالية يوم السبت، 6 مارس:", "الخميس", "الجزء 1 من 4"),
}


@pytest.mark.parametrize("language", CAMPAIGNS)
def test_local_dates_lang_dir_and_words(built, language):
    folder, _ = built[language]
    first = emails_of(folder)[0]
    teaser, _, eyebrow = LOCAL[language]
    teaser = " ".join(teaser.split())
    assert teaser in first["visible"] and teaser in " ".join(first["text_source"].split())
    assert eyebrow in first["visible"]
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}"' in first["html_source"]
    message = email.message_from_bytes((folder / first["eml"]).read_bytes(), policy=policy.default)
    assert message["Subject"] == first["subject"]


@pytest.mark.parametrize("language", CAMPAIGNS)
def test_the_schedule_table_in_local_words(tmp_path, language):
    article, setting, section, words = CAMPAIGNS[language]
    source = make_campaign(
        tmp_path,
        (ARTICLES / article).read_text(),
        campaign_toml(setting, section, words),
        name=article,
    )
    result = CliRunner().invoke(cli, ["schedule", str(source)])
    assert result.exit_code == 0, result.output
    assert LOCAL[language][1] in result.output
    assert not ENGLISH_DATES.search(result.output.split("\n", 2)[2])


def test_readable_slugs_in_every_script(built):
    names = sorted(p.name for p in built["ar"][0].glob("*.html") if p.name != "index.html")
    assert names[:3] == [
        "01-نوم-أفضل-دليل-للممارسين.html",
        "02-لماذا-يهم-النوم.html",
        "03-عادات-تساعد.html",
    ]
    spanish = sorted(p.name for p in built["es"][0].glob("0*.html"))
    assert spanish[1] == "02-por-que-importa-el-sueno.html"


def test_the_arabic_language_is_detected_and_said_once(built):
    _, output = built["ar"]
    assert output.count("language detected from the article: ar") == 1
    _, french = built["fr"]
    assert "language detected" not in french  # the front matter's lang decides


def test_arabic_conclusion_heading_closes_the_series(built):
    emails = emails_of(built["ar"][0])
    closing = emails[-1]
    assert "الخاتمة" not in [e["title"] for e in emails]
    assert closing["title"] == "نوم أفضل: ماذا يعني ذلك لك"
    assert "رأيك يهمّنا" in closing["visible"]  # "Over to you"
    assert "ما التغيير الذي تود تجربته هذا الأسبوع؟" in closing["visible"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Trauma-Related Disorders (including PTSD)", "trauma-related-disorders-including-ptsd"),
        ("Conclusión", "conclusion"),  # Latin stays ASCII, as before
        ("Straße der Ärzte", "strae-der-arzte"),
        ("الخاتمة: ماذا يعني ذلك لك", "الخاتمة-ماذا-يعني-ذلك-لك"),
        ("Депрессия и тревога", "депрессия-и-тревога"),
        ("हिन्दी भाषा", "हिन्दी-भाषा"),  # combining signs kept with their letters
        ("أَهْلًا", "أهلا"),  # Arabic vowel marks are folded like Latin accents
    ],
)
def test_slugs_keep_every_script_readable(title, slug):
    assert slugify(title) == slug


def test_changing_the_language_keeps_the_closing_slug(tmp_path):
    article = "Intro words.\n\n1. Alpha\n\nBody one.\n\nConclusion\n\nDone.\n"
    toml = MINIMAL_CAMPAIGN + '\n[emails.test-series-what-it-means-for-you]\npreheader = "x"\n'
    toml = toml.replace(
        '[emails.test-series-what-it-means-for-you]\npreheader = "x"',
        "[emails.test-series-what-it-means-for-you]\n"
        'preheader = "Una conclusión breve para cerrar la serie sobre el sueño."',
    )
    for language in ("en", "es", "ar"):
        spoken = toml.replace("[campaign]\n", f'[campaign]\nlanguage = "{language}"\n')
        (tmp_path / language).mkdir()
        folder = make_campaign(tmp_path / language, article, spoken)
        out = tmp_path / language / "out"
        result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
        assert result.exit_code in (0, 1), result.output
        assert (out / "campaign" / "03-test-series-what-it-means-for-you.html").is_file()


def test_an_unknown_language_is_one_line_naming_the_catalogs(tmp_path):
    toml = MINIMAL_CAMPAIGN.replace("[campaign]\n", '[campaign]\nlanguage = "xx"\n')
    folder = make_campaign(tmp_path, "Intro.\n\n1. Alpha\n\nBody.\n", toml)
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    line = result.output.strip().splitlines()[-1]
    assert "campaign.language" in line and "en, es, fr, de, pt, ar" in line
    assert not (tmp_path / "out").exists()


def test_a_front_matter_language_unknown_is_one_line(tmp_path):
    copy_org(tmp_path)
    article = tmp_path / "article.md"
    article.write_text("---\nlang: zz\n---\n# T\n\nIntro.\n\n## Alpha\n\nBody.\n")
    result = CliRunner().invoke(cli, ["build", str(article), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "lang 'zz'" in result.output and "en, es, fr, de, pt, ar" in result.output


def test_a_language_without_a_catalog_keeps_english_words_with_one_notice(tmp_path):
    toml = MINIMAL_CAMPAIGN.replace("[campaign]\n", '[campaign]\nlanguage = "it"\n')
    folder = make_campaign(tmp_path, "Intro.\n\n1. Alpha\n\nBody.\n\n2. Beta\n\nMore.\n", toml)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert result.output.count("no catalog for language it") == 1
    first = (out / "campaign" / "01-test-series.html").read_text()
    assert '<html lang="it" dir="ltr"' in first
    assert "Part 1 of 3" in first  # English words, Italian dates
    assert re.search(r"Coming next, (lunedì|martedì|mercoledì|giovedì|venerdì) \d+ marzo:", first)


def test_a_bare_article_without_a_language_is_english(tmp_path):
    copy_org(tmp_path)
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nA few words.\n\n## Alpha\n\nBody.\n")
    result = CliRunner().invoke(cli, ["build", str(article), "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert "language detected" not in result.output
    assert '<html lang="en" dir="ltr"' in (tmp_path / "out/note/01-note.html").read_text()


CHINESE_SECTION = (
    "每天在同一时间上床和起床，周末也一样。身体会慢慢记住这个节奏，入睡会变得更容易。"
    "如果二十分钟后仍然睡不着，可以起来做一些安静的事情，等有睡意时再回到床上。"
)


def test_chinese_and_japanese_words_are_counted_by_character(tmp_path):
    """Written without spaces, a Chinese section of 80 characters was counted as 2 words,
    so check R1 refused a real article; each character now counts, as Word counts them."""
    assert word_count("每天在同一时间上床") == 9
    assert word_count("ブックマークを整理する") == 11
    assert word_count("Shell 的环境变量 PATH") == 2 + 5
    assert word_count("plain English words") == 3
    copy_org(tmp_path)
    article = tmp_path / "sleep.md"
    sections = "".join(f"## 第{n}部分\n\n{CHINESE_SECTION}\n\n" for n in (1, 2, 3))
    article.write_text(f"---\nlang: zh\n---\n# 睡眠指南\n\n{CHINESE_SECTION}\n\n{sections}")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(article), "--out", str(out)])
    assert " R1 " not in result.output, result.output
    manifest = json.loads((out / "sleep" / "manifest.json").read_text())
    assert [e["words"] for e in manifest["emails"][1:]] == [word_count(CHINESE_SECTION)] * 3
    # the plain text: the title underlined across its columns, prose wrapped to the column
    text = (out / "sleep" / manifest["emails"][1]["text"]).read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index("第1部分")
    assert lines[at + 1] == "=" * display_width("第1部分")
    assert max(display_width(line) for line in lines if "://" not in line) <= 78


# ---- the catalogs ------------------------------------------------------------------------


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_catalog_translates_every_message(language):
    template = read_po((LOCALES / "kapmail.pot").open("rb"))
    path = LOCALES / language / "LC_MESSAGES" / "kapmail.po"
    catalog = read_po(path.open("rb"), locale=language)
    wanted = {m.id for m in template if m.id}
    assert wanted and wanted == {m.id for m in catalog if m.id}, "run make messages"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, (language, message.id)
        if isinstance(message.id, tuple):
            assert len(strings) == catalog.num_plurals, (language, message.id)
        assert not list(message.check(catalog)), (language, message.id)  # placeholders agree


def test_the_shipped_mo_files_are_the_po_files_compiled(tmp_path):
    import shutil

    copy = Path(shutil.copytree(LOCALES, tmp_path / "locale"))
    for mo in copy.glob("*/LC_MESSAGES/kapmail.mo"):
        mo.unlink()
    compiled = i18n.compile_catalogs(copy)
    assert len(compiled) == len(i18n.LANGUAGES)
    for mo in compiled:
        shipped = LOCALES / mo.relative_to(copy)
        assert mo.read_bytes() == shipped.read_bytes(), f"{shipped}: run make messages"


def test_a_catalog_with_a_wrong_placeholder_is_refused(tmp_path):
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "kapmail.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, python-format\nmsgid "Part %(position)s of %(total)s"\n'
        'msgstr "Teil %(position)s von %(gesamt)s"\n'
    )
    with pytest.raises(ValueError, match="gesamt"):
        i18n.compile_catalogs(tmp_path)


def test_the_pot_holds_every_message_the_sources_use():
    from babel.messages.extract import extract_from_dir

    with (ROOT / "babel.cfg").open() as mapping:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(mapping)
    found = {
        m[2] if isinstance(m[2], str) else tuple(m[2])
        for m in extract_from_dir(
            str(ROOT),
            method_map,
            options_map,
            keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
        )
        if m[2]
    }
    shipped = {m.id for m in read_po((LOCALES / "kapmail.pot").open("rb")) if m.id}
    assert found == shipped, "run make messages"


# What a template may hold outside its messages: markup, Jinja2, CSS, entities, punctuation.
_JINJA = re.compile(r"\{#.*?#\}|\{%-?\s*trans\b.*?endtrans\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
_MARKUP = re.compile(
    r"<(mj-style|style|script)>.*?</\1>|<!--.*?-->|<[^>]*>|&[#\w]+;|[\w-]+=\"", re.S
)


@pytest.mark.parametrize(
    "name",
    sorted(
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*.j2")
        if p.name != "styles.mjml.j2"  # CSS
    ),
)
def test_no_template_words_escape_extraction(name):
    """Every word a shipped template writes (the emails' and the gallery's) is a message;
    only the unit `px`, the `.eml` suffix and the doctype are written as they are."""
    source = (TEMPLATES / name).read_text()
    left = _MARKUP.sub(" ", _JINJA.sub(" ", source))
    words = [w for w in re.findall(r"[A-Za-z]{2,}", left) if w not in {"px", "eml"}]
    assert not words, f"{name}: {words}"


def test_the_gallery_speaks_the_campaign_language(built):
    page = (built["es"][0] / "index.html").read_text()
    assert '<html lang="es" dir="ltr">' in page
    for label in ("Esquema de color:", "Bandeja de entrada", "Texto sin formato", "Código HTML"):
        assert label in page
    for label in ("Colour scheme", '"Inbox"', "Plain text", "HTML source", "words,"):
        assert label not in page
    assert re.search(r"jueves, 4 de marzo de 2027, 09:00 \(Europe/Madrid\)", page)
    arabic = (built["ar"][0] / "index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in arabic and "صندوق الوارد" in arabic


def test_the_language_option_comes_after_the_campaign_and_the_front_matter(tmp_path):
    copy_org(tmp_path)
    short = tmp_path / "nota.md"  # too short to detect anything
    short.write_text("# Nota\n\nPocas palabras.\n\n## Alfa\n\nCuerpo.\n")
    tagged = tmp_path / "note.md"
    tagged.write_text("---\nlang: fr\n---\n# Note\n\nPeu de mots.\n\n## Alpha\n\nCorps.\n")
    out = tmp_path / "out"
    for article in (short, tagged):
        result = CliRunner().invoke(
            cli, ["build", str(article), "--out", str(out), "--language", "es"]
        )
        assert result.exit_code in (0, 1), result.output
    assert '<html lang="es" dir="ltr"' in (out / "nota/01-nota.html").read_text()
    assert "Parte 1 de 2" in (out / "nota/01-nota.html").read_text()
    assert '<html lang="fr" dir="ltr"' in (out / "note/01-note.html").read_text()


def test_an_unknown_language_option_is_a_usage_error(tmp_path):
    copy_org(tmp_path)
    article = tmp_path / "note.md"
    article.write_text("# Note\n\nWords.\n\n## Alpha\n\nBody.\n")
    result = CliRunner().invoke(cli, ["build", str(article), "--language", "english"])
    assert result.exit_code == 2
    assert "'english' is not a language tag" in result.output
    assert "en, es, fr, de, pt, ar" in result.output


# ---- the organisation's own words per language ([i18n.<language>]) ----------------------

I18N_ARTICLE = "Introducción breve.\n\n1. Alfa\n\nCuerpo uno.\n\n2. Beta\n\nCuerpo dos.\n"
I18N_TABLES = """
[health]
related = true

[call_to_action]
label = "Book a session"
url = "https://example.org/book"

[i18n.es]
audience = "Recibe este correo porque se apuntó a nuestra lista."
disclaimer = "Esta serie es información educativa, no consejo médico."
label = "Reserve una sesión"
crisis = { US = "Línea 988 de Prevención del Suicidio y Crisis" }

[i18n.fr]
audience = "Vous recevez ce message car vous êtes inscrit à notre liste."
question = "Qu'allez-vous essayer cette semaine ?"
"""


def build_findings(tmp_path: Path, language: str, tables: str) -> tuple[list[dict], str]:
    toml = MINIMAL_CAMPAIGN.replace("[campaign]\n", f'[campaign]\nlanguage = "{language}"\n')
    folder = make_campaign(tmp_path, I18N_ARTICLE, toml + tables)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    manifest = json.loads((out / "campaign" / "manifest.json").read_text())
    return manifest["findings"], (out / "campaign" / "01-test-series.html").read_text()


def test_a_series_shows_its_own_language_texts(tmp_path):
    findings, html = build_findings(tmp_path, "es", I18N_TABLES)
    shown = visible_text(html)
    for text in (
        "Recibe este correo porque se apuntó a nuestra lista.",
        "Esta serie es información educativa, no consejo médico.",
        "Reserve una sesión",
        "Línea 988 de Prevención del Suicidio y Crisis",
    ):
        assert text in shown
    for english in ("Book a session", "You are receiving this", "988 Suicide & Crisis Lifeline"):
        assert english not in shown
    # French gives a closing question Spanish does not, but the main table has none either:
    # the emails ask the article's own question, and I1 has nothing to say.
    assert not [f for f in findings if f["rule"] == "I1"]


def test_i1_flags_a_text_written_only_for_another_language(tmp_path):
    tables = I18N_TABLES.replace("[call_to_action]\n", '[call_to_action]\nquestion = "And you?"\n')
    findings, html = build_findings(tmp_path, "de", tables)
    flagged = {f["message"].split(" is written")[0] for f in findings if f["rule"] == "I1"}
    assert flagged == {
        "[sender] audience",
        "[health] disclaimer",
        "[call_to_action] label",
        "[call_to_action] question",
        "[crisis] crisis",
    }
    assert all(f["severity"] == "warning" for f in findings if f["rule"] == "I1")
    assert "Book a session" in visible_text(html)  # the main table's text, as I1 says
    (tmp_path / "es").mkdir()
    spanish, _ = build_findings(tmp_path / "es", "es", tables)
    flagged = [f["message"] for f in spanish if f["rule"] == "I1"]
    assert len(flagged) == 1 and flagged[0].startswith("[call_to_action] question is written")
    assert "for fr but not for es" in flagged[0]


def test_an_i18n_table_for_no_language_is_one_line_at_its_line(tmp_path):
    toml = MINIMAL_CAMPAIGN + '\n[i18n.klingon]\naudience = "Qapla"\n'
    folder = make_campaign(tmp_path, I18N_ARTICLE, toml)
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[-1]
    assert "[i18n.klingon] names no language" in line and "campaign.toml:8" in line


@pytest.mark.parametrize("language", CAMPAIGNS)
def test_a_disclaimer_in_the_series_language_passes_hc2(built, language):
    folder, _ = built[language]
    findings = json.loads((folder / "manifest.json").read_text())["findings"]
    assert not [f for f in findings if f["rule"] == "HC2"]


def test_a_spanish_disclaimer_that_does_not_say_it_is_flagged(tmp_path):
    tables = I18N_TABLES.replace(
        "Esta serie es información educativa, no consejo médico.",
        "Esta serie es información educativa para profesionales.",
    )
    findings, _ = build_findings(tmp_path, "es", tables)
    hc2 = [f for f in findings if f["rule"] == "HC2"]
    assert hc2 and "not medical advice" in hc2[0]["message"]


def test_kapmail_new_writes_the_language_it_settled(tmp_path):
    copy_org(tmp_path)
    (tmp_path / "ar.md").write_text((ARTICLES / "ar.md").read_text())
    folder = tmp_path / "sleep"
    result = CliRunner().invoke(cli, ["new", str(folder), "--article", str(tmp_path / "ar.md")])
    assert result.exit_code == 0, result.output
    toml = (folder / "campaign.toml").read_text()
    assert '\nlanguage = "ar"\n' in toml
    assert '[emails."لماذا-يهم-النوم"]' in toml  # a quoted TOML key in its own script
    english = tmp_path / "en"
    result = CliRunner().invoke(cli, ["new", str(english)])  # the English sample article
    assert result.exit_code == 0, result.output
    assert "\nlanguage =" not in (english / "campaign.toml").read_text()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Thursday 4 March"),
        ("es", "jueves, 4 de marzo"),
        ("fr", "jeudi 4 mars"),
        ("de", "Donnerstag, 4. März"),
        ("pt-BR", "quinta-feira, 4 de março"),
        ("ar", "الخميس، 4 مارس"),
        ("ar-EG", "الخميس، ٤ مارس"),  # the locale's own digits
        ("it", "giovedì 4 marzo"),  # no catalog: the English pattern, Italian names
    ],
)
def test_local_dates(language, words):
    import datetime as dt
    from zoneinfo import ZoneInfo

    moment = dt.datetime(2027, 3, 4, 9, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    assert i18n.long_date(moment, language) == words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ((ARTICLES / "es.md").read_text(), "es"),
        ((ARTICLES / "fr.md").read_text(), "fr"),
        ((ARTICLES / "ar.md").read_text(), "ar"),
        ("Hola. Hello. Bonjour.", None),  # too little to say
        # Real posts in these scripts quote code and English: their characters are counted
        # against the other letters' words (zh and ja posts were built as English).
        (CHINESE_SECTION + " Shell PATH export HOME=/root python os.environ " * 3, "zh"),
        ("久しぶりに翻訳記事を見た気がする。モデル崩壊について書いてみます。" * 2 + " AI SF", "ja"),
        ("환경 변수는 각 프로세스가 가진 키와 값의 모음입니다. 셸에서 관리합니다.", "ko"),
        ("The word 睡眠 means sleep, and 环境变量 is an environment variable. " * 8, "en"),
    ],
)
def test_detection_needs_strong_evidence(text, language):
    assert i18n.detect(text) == language


def test_the_checks_read_each_language_s_own_words_for_the_footer_and_the_evidence(built):
    """F14 finds the unsubscribe link by the word the footer says in the reader's language,
    and HC5 the evidence level as the email shows it ("Sólida (a corto plazo)")."""
    for language, (folder, _) in built.items():
        findings = json.loads((folder / "manifest.json").read_text())["findings"]
        said = [(f["rule"], f["message"]) for f in findings]
        assert not [m for rule, m in said if rule == "F14"], (language, said)
        assert not [m for rule, m in said if "evidence level is not shown" in m], language


@pytest.mark.parametrize(
    ("language", "struck"),
    [("en", "struck out"), ("es", "tachado"), ("fr", "barré"), ("de", "durchgestrichen")],
)
def test_struck_out_words_are_named_in_the_campaign_language_in_plain_text(
    tmp_path, language, struck
):
    article = "# Title\n\nIntro.\n\n## 1. One\n\nThe ~~old~~ new plan.\n\n## Two\n\nMore.\n"
    toml = MINIMAL_CAMPAIGN.replace("[campaign]\n", f'[campaign]\nlanguage = "{language}"\n')
    folder = make_campaign(tmp_path, article, toml, name="article.md")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--no-check"])
    assert result.exit_code == 0, result.output
    texts = " ".join(p.read_text() for p in (out / "campaign").glob("*.txt"))
    assert f"[{struck}: old]" in " ".join(texts.split())
    if language != "en":
        assert "struck out" not in texts
