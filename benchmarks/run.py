"""Run every benchmark and print one table of figures (no pass/fail).

    .venv/bin/python benchmarks/run.py [--quick] [--only startup,throughput,prereceive,memory,precommit,accuracy,titles]
                                       [--markdown FILE]

Run it with the interpreter of the environment where spamgate is installed;
the floors use the same interpreter.  The full set takes a few minutes (the
first run also generates the corpora and the 10,000-commit push, about a
minute); ``--quick`` does fewer repetitions and a push a tenth the size.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, fmt, machine, ratio_text  # noqa: E402

SUITES = ("startup", "throughput", "prereceive", "precommit", "accuracy", "titles")


def markdown(rows: list[dict], info: dict) -> str:
    lines = [
        f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores, Python {info['python']} "
        f"({info['system']}, {info['git']}, regex {info['regex']}, unicodedata2 {info['unicodedata2']}; "
        f"load average at start {info['loadavg']}).",
        "",
        "| Benchmark | spamgate | Floor | Ratio | Target | Met | Reproduce |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        floor = "" if r["floor_value"] is None else f"{fmt(r['floor_value'], r['unit'])} ({r['floor']})"
        command = r["command"].replace(str(ROOT) + "/", "").replace("|", "\\|")
        met = {True: "yes", False: "**no**", None: ""}[r.get("met")]
        lines.append(f"| {r['name']} | {fmt(r['value'], r['unit'])} | {floor.replace('|', '&#124;')} | {ratio_text(r)} "
                     f"| {r['target']} | {met} | `{command}` |")
    notes = [f"- {r['name']}: {r['note'].replace(str(ROOT) + '/', '')}" for r in rows if r.get("note")]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="run spamgate's benchmarks")
    p.add_argument("--quick", action="store_true", help="fewer repetitions and a smaller push")
    p.add_argument("--only", help="comma-separated subset of: " + ", ".join(SUITES) + " (memory is part of prereceive)")
    p.add_argument("--markdown", metavar="FILE", help="also write the table as markdown to FILE")
    p.add_argument("--table", action="store_true",
                   help="print the table of the last run of each benchmark (benchmarks/out/*.json) without running")
    args = p.parse_args(argv)
    if args.table:
        import json

        from _common import OUT

        rows, info = [], None
        for name in SUITES:
            path = OUT / f"{name}.json"
            if path.exists():
                data = json.loads(path.read_text())
                rows += data["rows"]
                info = info or data["machine"]
        if info is None:
            p.error("no saved results in benchmarks/out/; run the benchmarks first")
        table = markdown(rows, info)
        print(table)
        if args.markdown:
            Path(args.markdown).write_text(table, encoding="utf-8")
        return 0
    wanted = [s.strip() for s in args.only.split(",")] if args.only else list(SUITES)
    wanted = ["prereceive" if s == "memory" else s for s in wanted]
    unknown = [s for s in wanted if s not in SUITES]
    if unknown:
        p.error(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(SUITES)}, memory)")
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, {info['git']}, load {info['loadavg']}")
    rows: list[dict] = []
    extra = ["--quick"] if args.quick else []
    started = time.perf_counter()
    for name in SUITES:
        if name not in wanted:
            continue
        t = time.perf_counter()
        module = __import__(name)
        print(f"\n== {name}", flush=True)
        rows += module.main(extra)
        print(f"   ({time.perf_counter() - t:.0f} s)", flush=True)
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s\n")
    table = markdown(rows, info)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
