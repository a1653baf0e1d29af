"""Titles: recall of the clickbait-title shapes on spam titles, false positives on real headings.

    python benchmarks/titles.py [--spam SOURCES.tsv ...] [--headings DIR ...] [-v]

Spam titles are read from the ``title=`` notes of SOURCES.tsv files (by
default those of ../shared/corpus/spam-pages*); real headings are every first
heading and every file-name title of the documentation under the ``--headings``
directories (by default /usr/share/doc, where Debian packages install their
README, NEWS, changelogs and Markdown documentation, and the corpus's ham
folders).  A title counts as caught when ``SG301`` judges it clickbait.
"""
from __future__ import annotations

import argparse
import gzip
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, print_row, row, save_rows  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DOC_NAMES = ("readme", "news", "changelog")
DOC_ENDINGS = (".md", ".md.gz", ".txt", ".txt.gz", ".rst", ".rst.gz")


def spam_titles(paths: list[Path]) -> list[str]:
    from spamgate.hooks.corpus import titles_from_sources

    return [t for p in paths if p.is_file() for t in titles_from_sources(str(p)).values()]


def headings(dirs: list[Path]) -> list[tuple[str, str]]:
    """(title, where) for the first heading and the file-name title of each documentation file."""
    from spamgate.titles import clean_heading, first_heading, title_from_filename

    out = []
    for top in dirs:
        for root, subdirs, files in os.walk(top):
            subdirs.sort()
            for name in sorted(files):
                low = name.lower()
                if not (low.startswith(DOC_NAMES) or low.endswith(DOC_ENDINGS)) or low.endswith(".tsv"):
                    continue
                path = os.path.join(root, name)
                try:
                    data = gzip.open(path).read(20_000) if name.endswith(".gz") else open(path, "rb").read(20_000)
                except (OSError, EOFError):
                    continue
                found = first_heading(data.decode("utf-8", "replace"))
                if found and clean_heading(found[0]):
                    out.append((clean_heading(found[0]), path))
                out.append((title_from_filename(path), path))
    return out


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--spam", nargs="*", type=Path, default=sorted(CORPUS.glob("spam-pages*/SOURCES.tsv")))
    p.add_argument("--headings", nargs="*", type=Path,
                   default=[Path("/usr/share/doc"), *sorted(CORPUS.glob("ham*"))])
    p.add_argument("--quick", action="store_true", help="accepted for symmetry; the run is the same")
    p.add_argument("-v", "--verbose", action="store_true", help="list the titles missed and the headings flagged")
    args = p.parse_args(argv)
    from spamgate.rules._shapes import shape

    rows = []
    for source in args.spam:
        titles = spam_titles([source])
        caught = [t for t in titles if shape(t).clickbait]
        r = row(f"titles, spam titles of {source.parent.name}", len(caught), "caught",
                command=f"python benchmarks/titles.py --spam {source}", note=f"{len(caught)} of {len(titles)}")
        print_row(r)
        rows.append(r)
        if args.verbose:
            for t in titles:
                print(f"  {'caught' if t in caught else 'missed'}: {t} {shape(t).parts}")
    found = {}
    for title, where in headings([d for d in args.headings if d.is_dir()]):
        found.setdefault(title, where)
    flagged = [t for t in found if shape(t).clickbait]
    r = row("titles, real headings flagged", len(flagged), "headings",
            command="python benchmarks/titles.py --headings " + " ".join(map(str, args.headings)),
            note=f"{len(flagged)} of {len(found)} distinct headings and file-name titles")
    print_row(r)
    rows.append(r)
    if args.verbose:
        for t in flagged:
            print(f"  flagged: {t!r} ({found[t]}) {shape(t).parts}")
    save_rows("titles", rows)
    return rows


if __name__ == "__main__":
    main()
