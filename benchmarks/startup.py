"""Start-up: ``spamgate check`` on one 10 KB English file against the import floor.

    python benchmarks/startup.py [--runs 21] [--quick] [--importtime]

spamgate runs from a regular install in a virtualenv of its own
(benchmarks/out/install: ``pip install .``, as pre-commit installs it; an
editable install adds import hooks to every process), and the file lies
outside this repository, so that no project configuration is found, as in a
project without one.  A second row checks the same file beside a
``pyproject.toml`` with a ``[tool.spamgate]`` table (the configuration is read
and parsed).

Floor: ``python -c "import regex, unicodedata2"`` with the install's
interpreter, the least any Python hook with spamgate's dependencies pays per
pre-commit batch.  Runs alternate between spamgate and the floor so both see
the same machine load; the figures are medians, and the ratio is the median of
the ratios pair by pair.  ``--importtime`` also prints the slowest imports of
one ``spamgate check`` run (``python -X importtime``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (command_line, installed, out_dir, print_row, row, save_rows, scratch,  # noqa: E402
                     side_by_side)

TARGET = 1.5
CONFIG = """\
[project]
name = "notes"
version = "1.0"

[tool.spamgate]
exclude = ["vendor/", "*.min.js"]
allowed-words = ["Pokémon"]

[tool.spamgate.per-file-ignores]
"docs/i18n/*" = ["SG104"]
"""


def sample_file() -> Path:
    """A 10 KB English markdown file without look-alikes (a typical clean commit)."""
    from corpora import Corpus

    path = out_dir("startup") / "notes.md"
    if not path.exists():
        text = Corpus(7).english_document(10_000)
        path.write_text(text[:10_240].rsplit(" ", 1)[0] + "\n", encoding="utf-8")
    return path


def places() -> dict[str, Path]:
    """The sample in a directory without configuration, and beside a configured pyproject.toml."""
    text = sample_file().read_text(encoding="utf-8")
    plain, configured = scratch("startup", "plain"), scratch("startup", "configured")
    for directory in (plain, configured):
        (directory / "notes.md").write_text(text, encoding="utf-8")
    (configured / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return {"plain": plain, "configured": configured}


def importtime(python: str, exe: str, cwd: Path, top: int = 12) -> list[tuple[int, str]]:
    """The ``top`` imports with the largest cumulative time (microseconds)."""
    import subprocess

    result = subprocess.run([python, "-X", "importtime", exe, "check", "notes.md"], capture_output=True, text=True,
                            cwd=cwd)
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
    python, exe = installed()
    floor = [python, "-c", "import regex, unicodedata2"]
    check = [exe, "check", "notes.md"]
    bare = side_by_side([python, "-c", "pass"], floor, max(3, runs // 3))
    rows = []
    for case, where in places().items():
        m = side_by_side(check, floor, runs, cwd=where)
        label = ("no configuration" if case == "plain"
                 else "beside a pyproject.toml with [tool.spamgate]")
        print(f"start-up, {label} ({runs} runs each, in turn): spamgate check {m['wall_median'] * 1000:.1f} ms "
              f"(CPU {m['cpu_median'] * 1000:.1f} ms), floor {m['floor_wall_median'] * 1000:.1f} ms "
              f"(CPU {m['floor_cpu_median'] * 1000:.1f} ms); ratio {m['wall_ratio']:.2f} (CPU {m['cpu_ratio']:.2f})")
        rows.append(row(
            f"start-up: spamgate check, one 10 KB file, {label}", m["wall_median"], "s",
            floor="python -c 'import regex, unicodedata2'", floor_value=m["floor_wall_median"],
            ratio=m["wall_ratio"], target=f"<= {TARGET:g}x floor", met=m["wall_ratio"] <= TARGET,
            command=f"python benchmarks/startup.py  ({command_line(check)} in {where})",
            note=f"exit status {m['status']}; CPU {m['cpu_median'] * 1000:.0f} ms vs floor "
                 f"{m['floor_cpu_median'] * 1000:.0f} ms (ratio {m['cpu_ratio']:.2f}); bare interpreter "
                 f"{bare['wall_median'] * 1000:.0f} ms; regular install in benchmarks/out/install"))
    for r in rows:
        print_row(r)
    if args.importtime:
        for case, where in places().items():
            print(f"slowest imports of `spamgate check`, {case} (cumulative microseconds):")
            for us, name in importtime(python, exe, where):
                print(f"  {us:8d}  {name}")
    save_rows("startup", rows)
    return rows


if __name__ == "__main__":
    main()
