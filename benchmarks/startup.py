"""Measure how long the kapmail CLI takes to start, against a bare Python start.

Run: .venv/bin/python benchmarks/startup.py [--repeat N]   (default N = 20)
Times `python -c pass`, `python -m kapmail --help` and `python -m kapmail --version` as fresh
subprocesses (wall time, one warm-up run each, then N runs), and prints the median and minimum in
milliseconds with the ratio of each median to the bare start. The target: `--help` within 6x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 6.0

COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "kapmail --help": ["-m", "kapmail", "--help"],
    "kapmail --version": ["-m", "kapmail", "--version"],
}


def samples(args: list[str], repeat: int) -> list[float]:
    """Wall seconds of `repeat` runs of the interpreter with args, after one warm-up run."""
    command = [sys.executable, *args]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per command")
    options = parser.parse_args()
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")

    medians: dict[str, float] = {}
    print(f"{'command':20}{'median ms':>12}{'min ms':>10}{'ratio':>8}")
    for name, args in COMMANDS.items():
        times = samples(args, options.repeat)
        medians[name] = statistics.median(times)
        ratio = medians[name] / medians["python -c pass"]
        print(f"{name:20}{medians[name] * 1000:>12.1f}{min(times) * 1000:>10.1f}{ratio:>7.1f}x")

    ratio = medians["kapmail --help"] / medians["python -c pass"]
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"--help is {ratio:.1f}x a bare start: {verdict} the target of {TARGET_RATIO:g}x")
    print(f"python {sys.version.split()[0]}, {options.repeat} runs each")


if __name__ == "__main__":
    main()
