"""Measure where build time goes: parse, plan, Jinja2, MJML, premailer, a whole pass.

Run: .venv/bin/python benchmarks/render_speed.py [--repeat N]
Prints milliseconds per email for the KAP campaign and for a generated 300-section article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mjml import mjml2html

from kapmail.config import load_campaign
from kapmail.content import read_article
from kapmail.pipeline import Pass
from kapmail.plan import plan_series
from kapmail.render import steps
from kapmail.render.compose import HTML_TEMPLATE, context
from kapmail.render.environment import environment

ROOT = Path(__file__).resolve().parent.parent


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def stages(folder: Path, repeat: int) -> dict[str, float]:
    campaign = load_campaign(folder)
    article = read_article(campaign.article_path)
    series = plan_series(article, campaign)
    env = environment(campaign.template_dir, html=True)
    sources = [env.get_template(HTML_TEMPLATE).render(context(e, campaign)) for e in series.emails]
    raw = [mjml2html(s, fonts={}, disable_comments=True) for s in sources]
    count = len(series.emails)
    return {
        "emails": count,
        "parse+plan ms": 1000
        * timed(lambda: plan_series(read_article(campaign.article_path), campaign), repeat),
        "jinja ms/email": 1000
        * timed(
            lambda: [
                env.get_template(HTML_TEMPLATE).render(context(e, campaign)) for e in series.emails
            ],
            repeat,
        )
        / count,
        "mjml ms/email": 1000
        * timed(lambda: [mjml2html(s, fonts={}, disable_comments=True) for s in sources], repeat)
        / count,
        "premailer+steps ms/email": 1000
        * timed(lambda: [steps.run(h) for h in raw], repeat)
        / count,
        "pass, no checks ms": 1000 * timed(lambda: Pass(series, check=False).run(), repeat),
        "pass, checked ms": 1000 * timed(lambda: Pass(series).run(), repeat),
    }


def generated_campaign(root: Path, sections: int) -> Path:
    (root / "kapmail.toml").write_text((ROOT / "kapmail.toml").read_text())
    folder = root / "generated"
    folder.mkdir()
    parts = ["Intro."]
    for n in range(1, sections + 1):
        parts += [f"{n}. Topic {n}", f"Text for topic {n}. " * 40]
    (folder / "article.txt").write_text("\n".join([*parts, "Conclusion", "End.", "Why?"]))
    (folder / "campaign.toml").write_text(
        '[campaign]\nname = "G"\n[schedule]\nstart = 2027-01-01\n'
    )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = {"kap-conditions": stages(ROOT / "campaigns/kap-conditions", args.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        rows["300 sections"] = stages(generated_campaign(Path(tmp), 300), max(1, args.repeat // 5))
    names = list(next(iter(rows.values())))
    print(f"{'':24}" + "".join(f"{name:>26}" for name in rows))
    for name in names:
        print(f"{name:24}" + "".join(f"{row[name]:>26.2f}" for row in rows.values()))
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
