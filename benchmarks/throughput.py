"""Throughput over the generated corpora, and both cores on a tree of 3,000 files.

    python benchmarks/throughput.py [--quick] [--corpus english|code|multilingual ...] [--no-tree]
                                    [--cprofile NAME]

Each corpus (10 MB of files, copied outside this repository so that no project
configuration applies) is checked by ``spamgate check --format json DIR`` from
the regular install (benchmarks/out/install), side by side with the floor: a
process of the same interpreter that imports regex and unicodedata2 and reads
and decodes the same files.  Runs alternate; the figures are medians, and the
ratios medians of the ratios pair by pair.  Targets:

- english (1 % look-alike words, JSON output): >= 15 MB/s;
- code (ASCII source): >= 0.7 of the floor's speed;
- multilingual (Russian, Greek, Chinese, Vietnamese): >= 10 MB/s.

The tree: 3,000 files of about 5 KB (source, English and multilingual
markdown) checked in one run; "cores used" is its CPU time (with the helper
processes it starts) over its wall time, and both cores are used when that is
at least 1.5.

A last row per corpus runs the engine in this process (``read_path`` +
``scan_document``, warm, one core) against reading and decoding the same
files: where the time goes, apart from start-up and reporting.  MB are 10^6
bytes of file content.  ``--cprofile NAME`` prints where the engine spends its
time on that corpus.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (copy_tree, installed, median, print_row, row, save_rows, scratch,  # noqa: E402
                     side_by_side)

import corpora  # noqa: E402

# name -> (what the target is on, its value, as written)
TARGETS = {"english": ("mbps", 15.0, ">= 15 MB/s"), "code": ("ratio", 0.7, ">= 0.7 of floor"),
           "multilingual": ("mbps", 10.0, ">= 10 MB/s")}
TREE_FILES = 3000
CORES_TARGET = 1.5

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


def corpus_rows(name: str, quick: bool) -> list[dict]:
    python, exe = installed()
    directory = copy_tree(corpora.corpus_dir(name), f"corpus-{name}")
    files = sorted(str(p) for p in directory.rglob("*") if p.is_file())
    if quick:  # a quarter of the corpus: the same mix of files, a quarter of the time
        files = files[::4]
    mb = sum(os.path.getsize(p) for p in files) / 1e6
    targets = files if quick else [str(directory)]
    m = side_by_side([exe, "check", "--format", "json", *targets], [python, "-c", FLOOR_SCRIPT, *targets],
                     2 if quick else 5)
    kind, goal, target = TARGETS[name]
    speed, floor_speed = mb / m["wall_median"], mb / m["floor_wall_median"]
    ratio = 1 / m["wall_ratio"]  # as a fraction of the floor's speed
    note = (f"{len(files)} files, {mb:.1f} MB; exit status {m['status']}; wall {m['wall_median']:.2f} s "
            f"(CPU {m['cpu_median']:.2f} s: {m['cpu_median'] / m['wall_median']:.2f} cores) against the floor's "
            f"{m['floor_wall_median']:.3f} s; peak RSS {m['rss'] / 1024:.0f} MB; n={len(m['wall'])}")
    if name == "english":
        note += f"; {corpora.ensure(names=[name])[name]['lookalike_words']} look-alike words planted"
    rows = [row(f"throughput ({name}): spamgate check --format json", speed, "MB/s",
                floor="python: import regex, unicodedata2; read + decode", floor_value=floor_speed,
                ratio=ratio, target=target, met=(ratio >= goal) if kind == "ratio" else (speed >= goal),
                command=f"python benchmarks/throughput.py --corpus {name}" + (" --quick" if quick else ""),
                note=note)]
    floor_pass(files)  # page cache
    floors, engines = [], []
    findings = failed = 0
    for _ in range(2 if quick else 3):
        floors.append(floor_pass(files))
        seconds, findings, failed = engine_pass(files)
        engines.append(seconds)
    engine, floor = median(engines), median(floors)
    rows.append(row(f"throughput ({name}): engine in process, one core", mb / engine, "MB/s", floor="read + decode",
                    floor_value=mb / floor, ratio=floor / engine,
                    command=f"python benchmarks/throughput.py --corpus {name}",
                    note=f"{findings} findings, {failed} files failing (commit profile); median {engine:.2f} s"))
    return rows


def tree(files: int = TREE_FILES) -> Path:
    """``files`` files of about 5 KB each, a third each source code, English and multilingual markdown."""
    from corpora import Corpus

    root = scratch(f"tree-{files}")
    stamp = root / ".stamp"
    if stamp.exists() and stamp.read_text() == f"{corpora.VERSION} {files}":
        return root
    c = Corpus(99)
    for i in range(files):
        kind = i % 3
        if kind == 0:
            path, text = root / "src" / f"pkg{i % 20}" / f"mod_{i}.py", c.code_file(5000, "py")
        elif kind == 1:
            path, text = root / "docs" / f"part{i % 20}" / f"page-{i}.md", c.english_document(5000)
        else:
            lang = ("ru", "el", "zh", "vi")[i % 4]
            path, text = root / "i18n" / lang / f"guide-{i}.md", c.foreign_document(5000, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp.write_text(f"{corpora.VERSION} {files}")
    return root


def tree_rows(quick: bool) -> list[dict]:
    python, exe = installed()
    root = tree()
    mb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and p.name != ".stamp") / 1e6
    m = side_by_side([exe, "check", "--format", "json", str(root)], [python, "-c", FLOOR_SCRIPT, str(root)],
                     2 if quick else 5)
    cores = m["cpu_median"] / m["wall_median"]
    return [row(f"spamgate check on a tree of {TREE_FILES} files: cores used", cores, "cores", target=f">= {CORES_TARGET:g}",
                met=cores >= CORES_TARGET, command="python benchmarks/throughput.py --corpus tree",
                note=f"{mb:.1f} MB; wall {m['wall_median']:.2f} s, CPU {m['cpu_median']:.2f} s "
                     f"({mb / m['wall_median']:.1f} MB/s); floor (read + decode in one process) "
                     f"{m['floor_wall_median']:.3f} s; {os.cpu_count()} cores; exit status {m['status']}")]


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
    p.add_argument("--corpus", action="append", choices=[*corpora.NAMES, "tree"],
                   help="corpus to measure, or the tree of 3,000 files (default: all)")
    p.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    p.add_argument("--cprofile", choices=corpora.NAMES, help="profile the engine on one corpus instead")
    args = p.parse_args(argv)
    names = args.corpus or [*corpora.NAMES, "tree"]
    corpora.ensure(args.mb, names=[n for n in names if n != "tree"] or list(corpora.NAMES))
    if args.cprofile:
        cprofile(args.cprofile)
        return []
    rows = []
    for name in names:
        print(f"throughput: {name}", flush=True)
        try:
            measured = tree_rows(args.quick) if name == "tree" else corpus_rows(name, args.quick)
        except Exception as exc:  # the code under test may be mid-change: report, go on
            print(f"  could not measure: {type(exc).__name__}: {exc}", flush=True)
            measured = [row(f"throughput ({name})", None, "MB/s", target=TARGETS.get(name, ("", 0, ""))[2],
                            command=f"python benchmarks/throughput.py --corpus {name}",
                            note=f"failed: {type(exc).__name__}: {exc}")]
        for r in measured:
            print_row(r)
            rows.append(r)
    save_rows("throughput", rows)
    return rows


if __name__ == "__main__":
    main()
