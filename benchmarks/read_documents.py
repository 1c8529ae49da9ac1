"""Measure reading an article in each format: the KAP article as Markdown, as a Word document
(made here with python-docx: Title, Heading 1 sections, paragraphs) and as a web page; and
preparing a 3000 x 2000 photo for email (Pillow: resize, strip, encode).

Run: .venv/bin/python benchmarks/read_documents.py [--repeat N]   (needs the test extras)
Prints the median milliseconds per read.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

import docx
from PIL import Image
from render_speed import timed  # benchmarks/ is the script's folder, first on sys.path

from kapmail import images
from kapmail.content import read_article
from kapmail.content.imagefile import image_file

ROOT = Path(__file__).resolve().parent.parent
KAP = ROOT / "campaigns" / "kap-conditions" / "article.txt"
FORMATS = {"Markdown": "md", "Word": "docx", "page": "html"}


def as_files(folder: Path) -> dict[str, Path]:
    """The KAP article written as Markdown, .docx and .html (same headings and paragraphs)."""
    article = read_article(KAP)
    parts = [(s.title, [b.text for b in s.blocks if hasattr(b, "text")]) for s in article.sections]
    intro = [b.text for b in article.intro if hasattr(b, "text")]
    title = article.title or "KAP"
    markdown = [f"# {title}", *intro]
    page = [f"<h1>{title}</h1>", *(f"<p>{p}</p>" for p in intro)]
    word = docx.Document()
    word.add_paragraph(title, style="Title")
    for text in intro:
        word.add_paragraph(text)
    for heading, paragraphs in parts:
        markdown.append(f"## {heading}")
        page.append(f"<h2>{heading}</h2>")
        word.add_heading(heading, 1)
        for text in paragraphs:
            markdown.append(text)
            page.append(f"<p>{text}</p>")
            word.add_paragraph(text)
    files = {
        "Markdown": folder / "kap.md",
        "Word": folder / "kap.docx",
        "page": folder / "kap.html",
    }
    files["Markdown"].write_text("\n\n".join(markdown), encoding="utf-8")
    files["page"].write_text("\n".join(page), encoding="utf-8")
    word.save(files["Word"])
    return files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        for name, path in as_files(Path(folder)).items():
            ms = timed(lambda path=path: read_article(path), repeat) * 1000
            print(f"read the KAP article as {name:<8} {ms:7.1f} ms")
    photo = io.BytesIO()
    Image.effect_noise((3000, 2000), 60).convert("RGB").save(photo, "JPEG", quality=90)
    found = image_file(photo.getvalue(), "photo.jpg")

    def prepare() -> None:
        images.prepare.cache_clear()
        images.prepare(found)

    ms = timed(prepare, max(3, repeat // 4)) * 1000
    print(f"prepare a 3000 x 2000 JPEG      {ms:7.1f} ms")


if __name__ == "__main__":
    main()
