"""Zip and .docx entries are bounded by what they inflate to, not by what they declare:
a lying entry, a zip bomb and duplicate names are one line, exit 2, at a small peak RSS
(measured in a child process with `resource`)."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

from tests.conftest import ROOT
from tests.documents import png, refused, sleep_docx

GB = 1024 * 1024 * 1024
PEAK_LIMIT_MB = 300
PAGE = b"<html><body><h1>Sleep</h1><p>Intro.</p><h2>1. One</h2><p>Text.</p></body></html>"


def zeros_deflated(size: int, head: bytes = b"") -> bytes:
    """Raw deflate data of `head` then `size` zero bytes, made without holding them."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflater.compress(head) + deflater.flush(zlib.Z_FULL_FLUSH)
    block = deflater.compress(bytes(1 << 20)) + deflater.flush(zlib.Z_FULL_FLUSH)
    return first + block * (size >> 20) + deflater.flush()


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand: (name, deflated data, declared CRC, declared size) each."""
    body, directory = b"", b""
    for name, data, crc, size in entries:
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded + data
        directory += (
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset) + encoded
        )
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0
    )
    return body + directory + end


def deflated(data: bytes) -> bytes:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    return deflater.compress(data) + deflater.flush()


PROBE = """
import resource, sys
from pathlib import Path
from kapmail.content import read_article
from kapmail.errors import KapmailError
try:
    read_article(Path(sys.argv[1]))
    print("read")
except KapmailError as exc:
    print(exc.one_line())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def read_in_child(path: Path) -> tuple[str, int]:
    """The one line reading `path` ends with, and the reading process's peak RSS in MB."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    message, peak = done.stdout.splitlines()
    return message, int(peak)


def test_a_zip_entry_that_lies_about_its_size_is_refused_at_a_small_peak(tmp_path: Path) -> None:
    data = zeros_deflated(3 * GB // 2, head=PAGE)  # 1.5 GB declared as 1,000 bytes
    assert len(data) < 2 * 1024 * 1024
    path = tmp_path / "page.zip"
    path.write_bytes(raw_zip([("page.html", data, zlib.crc32(PAGE), 1000)]))
    message, peak = read_in_child(path)
    assert "page.html in the .zip file inflates past the 1000 bytes it declares" in message
    assert peak < PEAK_LIMIT_MB, peak


def test_a_docx_picture_with_a_huge_tail_is_refused_at_a_small_peak(tmp_path: Path) -> None:
    picture = png(400, 300)
    original = zipfile.ZipFile(io.BytesIO(sleep_docx(picture=picture, description="A chart")))
    entries = []
    for info in original.infolist():
        content = original.read(info)
        data = deflated(content)
        if info.filename.startswith("word/media/"):
            data = zeros_deflated(3 * GB // 2, head=content)  # real picture, 1.5 GB tail
        entries.append((info.filename, data, zlib.crc32(content), len(content)))
    path = tmp_path / "sleep.docx"
    path.write_bytes(raw_zip(entries))
    message, peak = read_in_child(path)
    assert "word/media/" in message and "inflates past the" in message, message
    assert peak < PEAK_LIMIT_MB, peak


def test_the_same_docx_without_the_tail_reads(tmp_path: Path) -> None:
    """The hand-written zip itself is sound: only the tail makes it fail."""
    picture = png(400, 300)
    original = zipfile.ZipFile(io.BytesIO(sleep_docx(picture=picture, description="A chart")))
    entries = []
    for info in original.infolist():
        content = original.read(info)
        entries.append((info.filename, deflated(content), zlib.crc32(content), len(content)))
    path = tmp_path / "sleep.docx"
    path.write_bytes(raw_zip(entries))
    assert read_in_child(path)[0] == "read"


def test_an_honest_zip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    size = 40 * 1024 * 1024  # declared truthfully, under the 50 MB total
    data = zeros_deflated(size, head=PAGE)
    path = tmp_path / "page.zip"
    path.write_bytes(raw_zip([("page.html", data, 0, size + len(PAGE))]))
    refused(path, "page.html in the .zip file inflates over 100 times its compressed size")


def test_duplicate_entry_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.zip"
    path.write_bytes(
        raw_zip([(n, deflated(PAGE), zlib.crc32(PAGE), len(PAGE)) for n in ("a.html", "a.html")])
    )
    refused(path, "holds two entries named 'a.html'")


def test_a_bad_crc_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "page.zip"
    path.write_bytes(raw_zip([("page.html", deflated(PAGE), 1234, len(PAGE))]))
    refused(path, "cannot unpack page.html: it is damaged")
