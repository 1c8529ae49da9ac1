"""Measure the checks over one paragraph of many links (issue 21: A8 was quadratic, 34 s for
10,000 links and over 300 s for 100,000).

Run: .venv/bin/python benchmarks/many_links.py [--links N] [--repeat N]
Prints the seconds of each email rule that takes over 50 ms, and of all of them together.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from render_speed import timed  # benchmarks/ is the script's folder, first on sys.path

from kapmail.checks import REGISTRY, Context
from kapmail.checks.engine import EMAIL
from kapmail.config import load_campaign

ROOT = Path(__file__).resolve().parent.parent
KAP = ROOT / "campaigns" / "kap-conditions"


def page(links: int) -> str:
    """An email whose one paragraph holds `links` underlined links."""
    anchors = " ".join(
        f'<a href="https://example.org/{n}" style="color:#1f5f5b;text-decoration:underline">'
        f"link {n}</a>"
        for n in range(links)
    )
    return (
        '<!doctype html>\n<html lang="en"><head><title>Links</title></head>\n<body>\n'
        f'<div><table><tr><td><p style="font-size:16px">Read {anchors}.</p></td></tr></table>'
        "</div>\n</body></html>\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    campaign = load_campaign(KAP)
    html = page(args.links)
    text = " ".join(f"link {n} <https://example.org/{n}>" for n in range(args.links))

    def context() -> Context:
        return Context("01-links", html, text, "Links", "Many links", campaign)

    total = 0.0
    for rule in sorted(REGISTRY.rules.values(), key=lambda r: r.id):
        if rule.scope != EMAIL:
            continue
        ctx = context()
        ctx.doc.runs  # parse once, outside the rule's time  # noqa: B018
        seconds = timed(lambda rule=rule, ctx=ctx: list(rule.check(ctx)), args.repeat)
        total += seconds
        if seconds > 0.05:
            print(f"{rule.id:5} {seconds:8.2f} s  {rule.title}")
    start = time.perf_counter()
    context().doc.runs  # noqa: B018
    print(f"parse {time.perf_counter() - start:8.2f} s")
    print(f"all email rules over {args.links:,} links: {total:.2f} s")


if __name__ == "__main__":
    main()
