"""Start-up: ``spamgate check`` on one 10 KB English file against the import floor.

    python benchmarks/startup.py [--runs 20] [--quick] [--importtime]

Floor: ``python -c "import regex, unicodedata2"`` with the same interpreter, the
least any Python hook with spamgate's dependencies pays per pre-commit batch.
Runs alternate between the floor and spamgate so both see the same machine
load; the figures are medians.  ``--importtime`` also prints the slowest
imports of one ``spamgate check`` run (``python -X importtime``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, command_line, median, out_dir, print_row, row, run_cpu, save_rows, spamgate_exe, spread  # noqa: E402


def sample_file() -> Path:
    """A 10 KB English markdown file without look-alikes (a typical clean commit)."""
    from corpora import Corpus

    path = out_dir("startup") / "notes.md"
    if not path.exists():
        text = Corpus(7).english_document(10_000)
        path.write_text(text[:10_240].rsplit(" ", 1)[0] + "\n", encoding="utf-8")
    return path


def importtime(cmd: list[str], top: int = 12) -> list[tuple[int, str]]:
    """The ``top`` imports with the largest cumulative time (microseconds)."""
    import subprocess

    result = subprocess.run([PYTHON, "-X", "importtime", *cmd], capture_output=True, text=True)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        rows.append((int(cumulative), name))
    rows.sort(reverse=True)
    return rows[:top]


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description="spamgate start-up against `python -c 'import regex, unicodedata2'`")
    p.add_argument("--runs", type=int, default=None, help="runs of each command (default 21, --quick 9)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--importtime", action="store_true", help="print the slowest imports of spamgate check")
    args = p.parse_args(argv)
    runs = args.runs or (9 if args.quick else 21)
    sample = sample_file()
    exe = spamgate_exe()
    commands = {
        "floor": [PYTHON, "-c", "import regex, unicodedata2"],
        "bare": [PYTHON, "-c", "pass"],
        "version": [exe, "--version"],
        "check": [exe, "check", str(sample)],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    status = {}
    for name, cmd in commands.items():  # warm the page cache and .pyc files
        run_cpu(cmd)
    for _ in range(runs):
        for name, cmd in commands.items():
            wall, used, rc, _ = run_cpu(cmd)
            times[name].append(wall)
            cpu[name].append(used)
            status[name] = rc
    print(f"start-up ({runs} runs each, alternating; wall time, then CPU time):")
    for name in commands:
        print(f"  {name:8} {spread(times[name])}; CPU {median(cpu[name]) * 1000:.0f} ms  [{command_line(commands[name])}]")
    floor = median(times["floor"])
    check = median(times["check"])
    cpu_ratio = median(cpu["check"]) / median(cpu["floor"])
    rows = [
        row("start-up: spamgate check, one 10 KB file", check, "s", floor="python -c 'import regex, unicodedata2'",
            floor_value=floor, ratio=check / floor, target="<= 2x floor", met=check / floor <= 2,
            command="python benchmarks/startup.py  (spamgate check benchmarks/out/startup/notes.md)",
            note=f"exit status {status['check']}; CPU time {median(cpu['check']) * 1000:.0f} ms vs floor "
                 f"{median(cpu['floor']) * 1000:.0f} ms (ratio {cpu_ratio:.2f}); bare interpreter "
                 f"{median(times['bare']) * 1000:.0f} ms; spamgate --version {median(times['version']) * 1000:.0f} ms"),
    ]
    for r in rows:
        print_row(r)
    if args.importtime:
        print("slowest imports of `spamgate check` (cumulative microseconds):")
        for us, name in importtime(["-m", "spamgate", "check", str(sample)]):
            print(f"  {us:8d}  {name}")
    save_rows("startup", rows)
    return rows


if __name__ == "__main__":
    main()
