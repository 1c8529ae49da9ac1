"""Remake the README's screenshots (docs/images/) of the default campaign: `make screenshots`.

Runs `kapmail snapshot` at 375 and 600 px in light and dark, keeps the second email (a
condition email: badge, evidence box, button) at both widths in both modes and the two contact
sheets (halved), and stores them as 64-colour PNGs: the emails are flat colours, so this keeps
them sharp at a third of the size.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CAMPAIGN = ROOT / "campaigns" / "kap-conditions"
EMAIL = "02-depressive-disorders"


def snapshot(out: Path, *, dark: bool) -> None:
    command = [sys.executable, "-m", "kapmail", "snapshot", str(CAMPAIGN), "--out", str(out)]
    subprocess.run([*command, "--dark"] if dark else command, check=True, cwd=ROOT)


def store(source: Path, name: str, *, scale: float = 1.0) -> None:
    image = Image.open(source).convert("RGB")
    if scale != 1.0:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    flat = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat.save(IMAGES / name, optimize=True)
    print(f"docs/images/{name}")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        shots = Path(folder)
        for mode, dark in (("light", False), ("dark", True)):
            snapshot(shots / mode, dark=dark)
            suffix = "-dark" if dark else ""
            for width in (375, 600):
                store(shots / mode / f"{EMAIL}-{width}{suffix}.png", f"{EMAIL}-{width}-{mode}.png")
            store(shots / mode / f"contact-sheet{suffix}.png", f"series-{mode}.png", scale=0.5)


if __name__ == "__main__":
    main()
