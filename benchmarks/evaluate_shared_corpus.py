"""Accuracy on the shared corpus (../shared/corpus by default), in every variant that matters.

    python benchmarks/evaluate_shared_corpus.py [CORPUS] [--profile push]

Runs ``spamgate evaluate`` over every folder of the corpus (spam*, ham*) with
page openings named by their titles (from their SOURCES.tsv, as Gitea names
wiki files) on:

1. the documents as found;
2. the same with the push context the pages were found in (their repository
   owner as the pusher, from SOURCES.tsv);
3. look-alike letters turned into ASCII, with a promotional closer kept
   (spam/ keeps its own; each page opening gets every crafted closer);
4. ham with every legitimate call to action appended, and with every
   promotional closer of the genre appended;
5. look-alikes turned into ASCII everywhere, page openings with every
   promotional closer and ham with every call to action.

It prints each run's figures per folder, with each spam document's margin to
the spam threshold; it does not pass or fail.
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpus"))

RUNS = (
    ("as found", []),
    ("as found, with the push context of SOURCES.tsv", ["--context-from-sources"]),
    ("look-alikes removed, promotional closer kept", ["--deconfuse", "--append-closer", "--every-closer"]),
    ("ham with calls to action of any wording", ["--append-legit-closer", "--promote-ham", "--every-closer"]),
    ("look-alikes removed everywhere: spam with promotional closers, ham with every call to action",
     ["--deconfuse", "--append-closer", "--append-legit-closer", "--promote-ham", "--every-closer"]),
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
