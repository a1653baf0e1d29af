"""Accuracy on the shared corpus (../shared/corpus by default), in every variant that matters.

    python benchmarks/evaluate_shared_corpus.py [CORPUS] [--profile push]

Runs ``spamgate evaluate`` with spam-pages named by their titles (from
spam-pages/SOURCES.tsv, as Gitea names wiki files) on:

1. the documents as found;
2. look-alike letters turned into ASCII, with a promotional closer kept
   (spam/ keeps its own; each spam-pages opening gets every crafted closer);
3. ham with every legitimate call to action appended;
4. look-alikes turned into ASCII everywhere, spam-pages with every promotional
   closer and ham with every legitimate one.

It prints each run's figures; it does not pass or fail.
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpus"))

RUNS = (
    ("as found", []),
    ("look-alikes removed, promotional closer kept", ["--deconfuse", "--append-closer", "--every-closer"]),
    ("ham with legitimate calls to action", ["--append-legit-closer", "--every-closer"]),
    ("look-alikes removed everywhere: spam with promotional closers, ham with legitimate ones",
     ["--deconfuse", "--append-closer", "--append-legit-closer", "--every-closer"]),
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="?", default=DEFAULT)
    p.add_argument("--profile", choices=("push", "commit"), default="push")
    args = p.parse_args(argv)
    if not os.path.isdir(args.corpus):
        sys.stderr.write(f"{args.corpus}: no corpus there\n")
        return 2
    from spamgate.hooks.evaluate import main as evaluate

    for title, extra in RUNS:
        print(f"== {title}")
        sys.stdout.flush()
        evaluate([args.corpus, "--name-by-sources", "--profile", args.profile, *extra])
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
