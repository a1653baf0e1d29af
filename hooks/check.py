"""``spamgate check [PATH ...]``: the pre-commit hook and the command-line check."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator

from spamgate.verdict import PROFILES

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "__pycache__", "node_modules", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


def build_parser() -> argparse.ArgumentParser:
    from spamgate.reporters import FORMATS

    p = argparse.ArgumentParser(
        prog="spamgate check",
        description="Check files for look-alike characters and spam articles. "
                    "Exit status: 0 clean, 1 failing findings, 2 usage, config or internal error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check; - reads standard input")
    p.add_argument("--stdin-filename", metavar="NAME", help="the file name to report (and judge as a title) for -")
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    p.add_argument("--profile", choices=PROFILES, default=None,
                   help="commit: any error-level finding fails (default); push: only a spam verdict fails")
    p.add_argument("--max-file-size", type=int, default=None, metavar="BYTES",
                   help="skip files larger than this (default: 5 MiB)")
    p.add_argument("--commit-subject", metavar="SUBJECT", help="judge SUBJECT as the commit subject that adds these files")
    p.add_argument("-v", "--verbose", action="store_true", help="also list skipped files")
    p.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    return p


def iter_paths(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if path != "-" and os.path.isdir(path) and not os.path.islink(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    yield os.path.join(root, name)
        else:
            yield path


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from spamgate.engine import scan_document, skipped_result
    from spamgate.reader import DEFAULT_MAX_BYTES, document_from_bytes, read_path
    from spamgate.reporters import ReportContext, get

    profile = args.profile or "commit"
    max_bytes = args.max_file_size or DEFAULT_MAX_BYTES
    if not args.paths:
        sys.stderr.write("spamgate check: no paths given (use - for standard input)\n")
        return 2
    results = []
    for path in iter_paths(args.paths):
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            name = args.stdin_filename or "-"
            if len(data) > max_bytes:
                from spamgate.reader import Skipped

                doc = Skipped(name, "too-large", f"over the {max_bytes}-byte limit, not scanned")
            else:
                doc = document_from_bytes(data, name)
        else:
            doc = read_path(path, max_bytes)
        if hasattr(doc, "reason"):
            results.append(skipped_result(doc))
            continue
        if args.commit_subject:
            doc.commit_subject = args.commit_subject
        results.append(scan_document(doc, profile=profile))
    context = ReportContext(profile=profile, verbose=args.verbose, statistics=args.statistics,
                            color=False)
    get(args.format).report(results, sys.stdout, context)
    if any(r.errors for r in results):
        return 2
    if any(r.failed for r in results):
        return 1
    if any(r.skipped is not None and r.skipped.is_error for r in results):
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
