"""Throughput in MB/s over the generated corpora, against reading and decoding the same files.

    python benchmarks/throughput.py [--quick] [--corpus english|code|multilingual ...] [--cprofile NAME]

Two measurements per corpus, each beside its floor:

- engine (in this process, warm): ``read_path`` + ``scan_document`` on every
  file, against ``open().read().decode('utf-8')`` on the same files;
- command (a fresh process, cold): ``spamgate check DIR`` (text report)
  against a Python process that imports regex and unicodedata2 and reads and
  decodes the same files.

MB are 10^6 bytes of file content.  Figures are medians of several passes.
``--cprofile NAME`` prints where the engine spends its time on that corpus.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, median, print_row, row, run_timed, save_rows, spamgate_exe  # noqa: E402

import corpora  # noqa: E402

TARGETS = {"english": ("mbps", 50.0, ">= 50 MB/s"), "code": ("ratio", 0.7, ">= 0.7 of floor"),
           "multilingual": ("mbps", 5.0, ">= 5 MB/s")}

FLOOR_SCRIPT = """
import os, sys, regex, unicodedata2
def paths(args):
    for arg in args:
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs.sort()
                for name in sorted(files):
                    yield os.path.join(root, name)
        else:
            yield arg
for path in paths(sys.argv[1:]):
    with open(path, 'rb') as f:
        f.read().decode('utf-8')
"""


def floor_pass(files: list[str]) -> float:
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as f:
            f.read().decode("utf-8")
    return time.perf_counter() - start


def engine_pass(files: list[str]) -> tuple[float, int, int]:
    from spamgate.engine import scan_document
    from spamgate.reader import read_path

    findings = failed = 0
    start = time.perf_counter()
    for path in files:
        doc = read_path(path)
        if hasattr(doc, "reason"):
            continue
        result = scan_document(doc)
        findings += len(result.findings)
        failed += result.failed
    return time.perf_counter() - start, findings, failed


def measure(name: str, quick: bool, budget: float) -> list[dict]:
    files = [str(p) for p in corpora.corpus_files(name)]
    if quick:  # a quarter of the corpus: the same mix of files, a quarter of the time
        files = files[::4]
    size = sum(os.path.getsize(p) for p in files)
    mb = size / 1e6
    passes = 3 if quick else 5
    floor_pass(files)  # page cache
    floor_times, engine_times = [], []
    findings = failed = 0
    spent = 0.0
    for i in range(passes):
        floor_times.append(floor_pass(files))
        seconds, findings, failed = engine_pass(files)
        engine_times.append(seconds)
        spent += seconds
        if spent > budget:
            break
    engine, floor = median(engine_times), median(floor_times)
    directory = str(corpora.corpus_dir(name))
    check_cmd = [spamgate_exe(), "check", *(files if quick else [directory])]
    floor_cmd = [PYTHON, "-c", FLOOR_SCRIPT, *(files if quick else [directory])]
    cmd_times, cmd_floor_times = [], []
    status = None
    spent = 0.0
    for i in range(2 if quick else passes):
        cmd_floor_times.append(run_timed(floor_cmd)[0])
        seconds, status, _ = run_timed(check_cmd)
        cmd_times.append(seconds)
        spent += seconds
        if spent > budget:
            break
    cmd, cmd_floor = median(cmd_times), median(cmd_floor_times)
    kind, goal, target = TARGETS[name]
    note = (f"{len(files)} files, {mb:.1f} MB; {findings} findings, {failed} files failing (commit profile)"
            + (f"; {corpora.ensure(names=[name])[name]['lookalike_words']} look-alike words planted" if name == "english" else ""))
    rows = [
        row(f"throughput ({name}): engine", mb / engine, "MB/s", floor="read + decode", floor_value=mb / floor,
            ratio=floor / engine,
            target=target, met=(floor / engine >= goal) if kind == "ratio" else (mb / engine >= goal), command=f"python benchmarks/throughput.py --corpus {name}",
            note=note + f"; {len(engine_times)} passes, median {engine:.2f} s"),
        row(f"throughput ({name}): spamgate check (process)", mb / cmd, "MB/s",
            floor="python: import regex, unicodedata2; read + decode", floor_value=mb / cmd_floor,
            ratio=cmd_floor / cmd, target=target,
            met=(cmd_floor / cmd >= goal) if kind == "ratio" else (mb / cmd >= goal),
            command=f"spamgate check benchmarks/out/corpora/{name}" + ("  (--quick: every 4th file)" if quick else ""),
            note=f"exit status {status}; {len(cmd_times)} runs, median {cmd:.2f} s"),
    ]
    return rows


def cprofile(name: str, top: int = 30) -> None:
    import cProfile
    import pstats

    files = [str(p) for p in corpora.corpus_files(name)]
    engine_pass(files[:20])  # load tables before profiling
    profiler = cProfile.Profile()
    profiler.enable()
    engine_pass(files)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description="spamgate throughput against reading and decoding the same files")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--corpus", action="append", choices=corpora.NAMES, help="corpus to measure (default: all)")
    p.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    p.add_argument("--budget", type=float, default=None, help="stop repeating a corpus after this many seconds")
    p.add_argument("--cprofile", choices=corpora.NAMES, help="profile the engine on one corpus instead")
    args = p.parse_args(argv)
    names = args.corpus or list(corpora.NAMES)
    corpora.ensure(args.mb, names=names)
    if args.cprofile:
        cprofile(args.cprofile)
        return []
    rows = []
    for name in names:
        print(f"throughput: {name}", flush=True)
        try:
            measured = measure(name, args.quick, args.budget or (10.0 if args.quick else 30.0))
        except Exception as exc:  # the code under test may be mid-change: report, go on
            print(f"  could not measure: {type(exc).__name__}: {exc}", flush=True)
            measured = [row(f"throughput ({name})", None, "MB/s", target=TARGETS[name][2],
                            command=f"python benchmarks/throughput.py --corpus {name}",
                            note=f"failed: {type(exc).__name__}: {exc}")]
        for r in measured:
            print_row(r)
            rows.append(r)
    save_rows("throughput", rows)
    return rows


if __name__ == "__main__":
    main()
