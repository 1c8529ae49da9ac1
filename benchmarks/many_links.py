"""Measure the checks over one paragraph of many links (issue 21: A8 was quadratic, 34 s for
10,000 links and over 300 s for 100,000; issue 25: under 1 s for 10,000, all rules).

Run: .venv/bin/python benchmarks/many_links.py [--links N]
Prints the seconds of each email rule that takes over 50 ms, run in the checker's order on one
email (the first rule to ask for the shared walk of links, runs or styles pays for it), and the
whole email checked as the checker does: parsed once, every email rule.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from render_speed import timed  # benchmarks/ is the script's folder, first on sys.path

from kapmail.checks import REGISTRY, Context
from kapmail.checks.engine import EMAIL, rule_key
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
    args = parser.parse_args()
    campaign = load_campaign(KAP)
    html = page(args.links)
    text = " ".join(f"link {n} <https://example.org/{n}>" for n in range(args.links))

    def context() -> Context:
        return Context("01-links", html, text, "Links", "Many links", campaign)

    rules = [r for r in REGISTRY.rules.values() if r.scope == EMAIL]
    rules.sort(key=lambda r: rule_key(r.id))

    def check_all() -> None:
        ctx = context()
        for rule in rules:
            list(rule.check(ctx))

    cpu = time.process_time()
    cold = timed(check_all, 1)  # first: nothing cached yet in this process
    cpu = time.process_time() - cpu
    ctx = context()
    start = time.perf_counter()
    ctx.doc  # noqa: B018
    print(f"parse {time.perf_counter() - start:8.2f} s")
    for rule in rules:
        start = time.perf_counter()
        list(rule.check(ctx))
        seconds = time.perf_counter() - start
        if seconds > 0.05:
            print(f"{rule.id:5} {seconds:8.2f} s  {rule.title}")
    print(
        f"one email of {args.links:,} links checked (parse and every email rule): {cold:.2f} s "
        f"({cpu:.2f} s of CPU)"
    )


if __name__ == "__main__":
    main()
