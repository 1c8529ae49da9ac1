"""kapmail's speed, side by side with Node's MJML CLI, in one run: prints a table, exits 0.

Run: .venv/bin/python benchmarks/run.py [--repeat N] [--sections N] [--no-node]

For the KAP campaign and a generated article of 300 sections (302 emails), each in a fresh
process: the cold `kapmail build` (no build cache, an empty output folder) with every check
and with --no-check (the median of N runs, wall time, and the peak RSS), a rebuild with
nothing changed, and a rebuild after one section changed (both through the build cache), in
a new process and in one that built before (as `preview --watch` rebuilds); in-process,
warm: emails per second of a checked pass. Then `kapmail --help` beside
`python -c pass`. Each round also times the floor under any cold build: a process that
only imports the libraries a checked build needs (premailer, mjml-python, Jinja2, ...),
doing nothing with them. Where `node` and `npm` are found, it installs `mjml@5` into a
temporary folder, times its CLI (strict validation) on the very MJML kapmail renders
(`build --keep-mjml`), and prints the ratios. The cold builds, the no-change rebuild, the
floor and Node's CLI take turns, round after round, and each ratio is the median of the
rounds' own.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render_speed import generated_campaign  # benchmarks/ is the script's folder

ROOT = Path(__file__).resolve().parent.parent
KAP = ROOT / "campaigns" / "kap-conditions"


def timed_process(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one child process; it must succeed (exit 0 or 1)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {stderr[-500:]}")
    return seconds, usage.ru_maxrss


def median_of(command: list[str], repeat: int, before: object = None) -> tuple[float, int]:
    """The median wall seconds of `repeat` runs and the highest peak RSS (KB)."""
    times, peaks = [], []
    for _ in range(repeat):
        if callable(before):
            before()
        seconds, peak = timed_process(command)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def kapmail(*args: str) -> list[str]:
    return [sys.executable, "-m", "kapmail", *args]


# The floor under any cold build: a process that only imports the libraries every checked
# build needs (premailer with cssutils and lxml, mjml-python, Jinja2, Click, the email
# parser, Babel's dates), with premailer's network modules deferred as kapmail defers them.
LIBRARIES = (
    "import kapmail.render.premailer_env, premailer, mjml, jinja2, click, email.parser, babel.dates"
)


def emails_per_second(source: Path, repeat: int) -> float:
    """A checked pass over the series, in this process, after one warm-up pass."""
    from kapmail.pipeline import Pass, Sources

    series = Sources((source,)).one("build")
    Pass(series).run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        Pass(series).run()
        times.append(time.perf_counter() - start)
    return len(series.emails) / statistics.median(times)


def watched_rebuild(source: Path, out: Path, repeat: int) -> float:
    """A one-section change rebuilt in a process that built before, as `preview --watch`
    rebuilds: the median seconds of `repeat` changes."""
    from kapmail.pipeline import Sources, Target
    from kapmail.preview.gallery import Rows
    from kapmail.writers import write_build

    article = source / "article.txt"
    original = article.read_text(encoding="utf-8")
    rows = Rows()  # as `preview` keeps them for each campaign it watches

    def build() -> None:
        write_build(Sources((source,)).one("build"), out, Target(), gallery_rows=rows)

    build()
    times = []
    try:
        for turn in range(repeat):
            article.write_text(original.replace("Text for topic 7.", f"Text {turn} for topic 7."))
            start = time.perf_counter()
            build()
            times.append(time.perf_counter() - start)
    finally:
        article.write_text(original, encoding="utf-8")
    return statistics.median(times)


class Node:
    """Node's MJML CLI (mjml@5), installed into a temporary folder; None when unavailable."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cli: Path | None = None
        self.why = ""
        if not (shutil.which("node") and shutil.which("npm")):
            self.why = "node or npm not found"
            return
        result = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "mjml@5"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
        )
        cli = folder / "node_modules" / ".bin" / "mjml"
        if result.returncode != 0 or not cli.exists():
            self.why = f"npm install mjml@5 failed: {(result.stderr or result.stdout)[-300:]}"
            return
        self.cli = cli
        version = subprocess.run([str(cli), "--version"], capture_output=True, text=True)
        self.version = " ".join(version.stdout.split())

    def command(self, mjml: list[Path], out: Path) -> list[str]:
        assert self.cli is not None
        files = [str(p) for p in mjml]
        return [str(self.cli), *files, "-o", f"{out}/", "--config.validationLevel=strict"]


def measure(name: str, source: Path, work: Path, repeat: int, node: Node) -> dict[str, str]:
    """Every figure of one campaign, as printable cells.

    The cold builds, the no-change rebuild and Node's CLI run in turn, round after round, and
    each ratio is the median of its rounds' ratios: this machine's speed drifts from minute
    to minute, so figures taken minutes apart would compare the drift."""
    out, same_out = work / f"out-{name}", work / f"same-{name}"
    row: dict[str, str] = {}
    build = kapmail("build", str(source), "--out", str(same_out))
    timed_process(build)  # the cache filled: each round's rebuild changes nothing
    mjml: list[Path] = []
    if node.cli is not None:
        kept = work / f"mjml-{name}"
        keep = ("--out", str(kept), "--keep-mjml", "--no-check")
        timed_process(kapmail("build", str(source), *keep))
        mjml = sorted(kept.glob("*/*.mjml"))
    node_out = work / f"node-{name}"
    node_out.mkdir()

    cold_command = kapmail("build", str(source), "--out", str(out), "--no-cache")
    rounds: dict[str, list[float]] = {k: [] for k in ("cold", "bare", "same", "floor", "node")}
    peaks: dict[str, int] = {"cold": 0, "bare": 0}
    for _ in range(repeat):
        for key, command in (("cold", cold_command), ("bare", [*cold_command, "--no-check"])):
            shutil.rmtree(out, ignore_errors=True)  # a cold build writes into an empty folder
            seconds, peak = timed_process(command)
            rounds[key].append(seconds)
            peaks[key] = max(peaks[key], peak)
        rounds["same"].append(timed_process(build)[0])
        rounds["floor"].append(timed_process([sys.executable, "-c", LIBRARIES])[0])
        if mjml:
            rounds["node"].append(timed_process(node.command(mjml, node_out))[0])
    cold, bare, same = (statistics.median(rounds[k]) for k in ("cold", "bare", "same"))
    row["cold build, all checks"] = f"{cold:.2f} s"
    row["cold build, --no-check"] = f"{bare:.2f} s"
    row["peak RSS (checked)"] = f"{peaks['cold'] / 1024:.0f} MB"
    row["peak RSS (--no-check)"] = f"{peaks['bare'] / 1024:.0f} MB"
    row["no-change rebuild"] = f"{same:.2f} s ({same / cold:.0%} of cold)"
    floor = statistics.median(rounds["floor"])
    row["floor: the libraries' imports alone"] = f"{floor:.2f} s ({floor / cold:.0%} of cold)"

    article = source / "article.txt"
    original = article.read_text(encoding="utf-8")
    turn = [0]

    def change_one_section() -> None:  # each run changes one section from the last run's
        turn[0] += 1
        article.write_text(original.replace("Text for topic 7.", f"Text {turn[0]} for topic 7.", 1))

    if "Text for topic 7." in original:
        try:
            one, _ = median_of(build, repeat, before=change_one_section)
        finally:
            article.write_text(original, encoding="utf-8")
        row["one-section-change rebuild"] = f"{one:.2f} s ({one / cold:.0%} of cold)"
        watched = watched_rebuild(source, work / f"watched-{name}", repeat)
        row["the same, in-process (watch)"] = f"{watched:.2f} s ({watched / cold:.0%} of cold)"
    else:
        row["one-section-change rebuild"] = "n/a (a written article)"
    row["warm, in-process (checked)"] = (
        f"{emails_per_second(source, max(1, repeat // 2)):.0f} emails/s"
    )

    if not mjml:
        row["Node mjml CLI, same MJML"] = node.why
        return row
    seconds = statistics.median(rounds["node"])
    row["Node mjml CLI, same MJML"] = f"{seconds:.2f} s ({len(mjml)} files, {node.version})"
    labels = {
        "cold checked": "cold",
        "cold --no-check": "bare",
        "no-change": "same",
        "floor (imports alone)": "floor",
    }
    for label, key in labels.items():
        pairs = zip(rounds[key], rounds["node"], strict=True)
        ratios = sorted(mine / theirs for mine, theirs in pairs)
        spread = f" ({ratios[0]:.2f}-{ratios[-1]:.2f} over {len(ratios)} rounds)"
        row[f"ratio {label} / Node"] = f"{statistics.median(ratios):.2f}" + spread
    return row


def startup(repeat: int) -> dict[str, str]:
    help_s, _ = median_of(kapmail("--help"), repeat)
    bare, _ = median_of([sys.executable, "-c", "pass"], repeat)
    return {"kapmail --help": f"{help_s * 1000:.0f} ms", "python -c pass": f"{bare * 1000:.0f} ms"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--sections", type=int, default=300, help="the generated article's")
    parser.add_argument("--no-node", action="store_true", help="skip Node's MJML CLI")
    args = parser.parse_args()
    # As pip leaves an installed package: compiled, so no run compiles kapmail's source
    # (PYTHONDONTWRITEBYTECODE would otherwise make every child process compile it again).
    compileall.compile_dir(ROOT / "kapmail", quiet=1)
    compileall.compile_dir(ROOT / "templates", quiet=1)  # the compiled templates' modules
    with tempfile.TemporaryDirectory(prefix="kapmail-bench-") as tmp:
        work = Path(tmp)
        (work / "node").mkdir()
        node = Node(work / "node") if not args.no_node else Node.__new__(Node)
        if args.no_node:
            node.cli, node.why = None, "skipped (--no-node)"
        generated = generated_campaign(work, args.sections)
        rows = {
            "KAP (8 emails)": measure("kap", KAP, work, args.repeat, node),
            f"{args.sections} sections": measure("generated", generated, work, args.repeat, node),
        }
        rows["start-up"] = startup(args.repeat * 2)
    width = max(len(k) for row in rows.values() for k in row) + 2
    for title, row in rows.items():
        print(f"\n{title}")
        for key, value in row.items():
            print(f"  {key:{width}}{value}")
    cpus = os.cpu_count()
    print(f"\npython {sys.version.split()[0]}, {cpus} CPUs, {os.uname().machine}")


if __name__ == "__main__":
    main()
