"""Time spent in each rule, per corpus: where the engine's time goes.

    python benchmarks/per_rule.py [--quick] [--corpus english|code|multilingual ...] [--top N]

Each rule module's ``check`` runs alone over every file of a corpus (documents
are read and decoded first, outside the timing; a fresh Document per rule, so
no rule profits from another's cached work).  Prints MB/s per rule and the
share of the total, then, with ``--top N``, the N functions with the most own
time inside the slowest rule (cProfile).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import save_rows, row  # noqa: E402

import corpora  # noqa: E402


def load(name: str, limit: int | None = None):
    from spamgate.reader import read_path

    docs = []
    for path in corpora.corpus_files(name)[:limit]:
        doc = read_path(str(path))
        if not hasattr(doc, "reason"):
            docs.append((doc.path, doc.text))
    return docs


def time_rule(rule, docs) -> tuple[float, int, str | None]:
    from spamgate.model import Document

    findings = 0
    error = None
    start = time.perf_counter()
    for path, text in docs:
        try:
            findings += sum(1 for _ in rule.run(Document(path=path, text=text)))
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - start, findings, error


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description="time each rule over the generated corpora")
    p.add_argument("--quick", action="store_true", help="a quarter of each corpus")
    p.add_argument("--corpus", action="append", choices=corpora.NAMES)
    p.add_argument("--top", type=int, default=0, help="profile the slowest rule and print its top N functions")
    args = p.parse_args(argv)
    from spamgate.registry import all_rules

    names = args.corpus or list(corpora.NAMES)
    corpora.ensure(names=names)
    rules = all_rules()
    out = []
    for name in names:
        files = corpora.corpus_files(name)
        docs = load(name, len(files) // 4 if args.quick else None)
        mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
        for rule in rules:  # warm up: compile patterns, load tables
            time_rule(rule, docs[:3])
        timings = [(rule, *time_rule(rule, docs)) for rule in rules]
        total = sum(t for _, t, _, _ in timings)
        print(f"{name}: {len(docs)} files, {mb:.1f} MB, all rules {total:.2f} s ({mb / total if total else 0:.1f} MB/s)")
        for rule, seconds, findings, error in sorted(timings, key=lambda x: -x[1]):
            share = seconds / total * 100 if total else 0
            print(f"  {rule.id:14} {seconds:7.3f} s {mb / seconds if seconds else float('inf'):9.1f} MB/s {share:5.1f} %"
                  f"  {findings} findings" + (f"  ERROR {error}" if error else ""))
            out.append(row(f"rule {rule.id} ({name})", mb / seconds if seconds else None, "MB/s",
                           command=f"python benchmarks/per_rule.py --corpus {name}",
                           note=f"{share:.0f} % of rule time; {findings} findings"))
        if args.top and timings:
            import cProfile
            import pstats

            slowest = max(timings, key=lambda x: x[1])[0]
            print(f"  profile of {slowest.id} on {name}:")
            profiler = cProfile.Profile()
            profiler.enable()
            time_rule(slowest, docs)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    save_rows("per_rule", out)
    return out


if __name__ == "__main__":
    main()
