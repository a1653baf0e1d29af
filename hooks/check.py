"""``spamgate check [PATH ...]``: the pre-commit hook and the command-line check."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Iterator

from spamgate.verdict import PROFILES

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "__pycache__", "node_modules", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


def build_parser() -> argparse.ArgumentParser:
    from spamgate.reporters import FORMATS

    p = argparse.ArgumentParser(
        prog="spamgate check",
        description="Check files for look-alike characters and spam articles. "
                    "Exit status: 0 clean, 1 failing findings (or files fixed), 2 usage, config or internal error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check; - reads standard input")
    p.add_argument("--stdin-filename", metavar="NAME", help="the file name to report (and judge as a title) for -")
    p.add_argument("--format", choices=sorted(FORMATS), default="text",
                   help="output format: text, json (versioned schema), sarif (SARIF 2.1.0) or github "
                        "(workflow annotations); default: text")
    p.add_argument("--profile", choices=PROFILES, default=None,
                   help="commit: any error-level finding fails (default); push: only a spam verdict fails "
                        "and inline suppressions are ignored")
    p.add_argument("--max-file-size", type=int, default=None, metavar="BYTES",
                   help="skip files larger than this (default: 5 MiB)")
    p.add_argument("--commit-subject", metavar="SUBJECT", help="judge SUBJECT as the commit subject that adds these files")
    p.add_argument("-v", "--verbose", action="store_true", help="also list skipped files")
    p.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    g = p.add_argument_group("configuration")
    g.add_argument("--config", metavar="FILE",
                   help="use this configuration file (.spamgate.toml, or a pyproject.toml with [tool.spamgate]) "
                        "instead of the nearest one")
    g.add_argument("--show-config", action="store_true",
                   help="print the effective settings for the first PATH (or the current directory) "
                        "and where each came from, then exit; --format json for JSON")
    g.add_argument("--select", metavar="CODES", help="report only these codes or prefixes, comma-separated (replaces select)")
    g.add_argument("--ignore", metavar="CODES", help="never report these codes or prefixes, comma-separated (adds to ignore)")
    f = p.add_argument_group("fixing and output")
    f.add_argument("--fix", action="store_true",
                   help="rewrite look-alike letters in flagged words as ASCII and remove invisible characters "
                        "inside words; prints 'Fixing FILE' and exits 1 when a file changed")
    f.add_argument("--diff", action="store_true", help="with or without --fix: print the fixes as a unified diff, write nothing")
    f.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="color text output: auto (on a terminal unless NO_COLOR is set), always, never")
    f.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail (errors still exit 2)")
    return p


def iter_paths(paths: list[str], prune: Callable[[str], bool] | None = None) -> Iterator[str]:
    for path in paths:
        if path != "-" and os.path.isdir(path) and not os.path.islink(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS
                                 and not (prune and prune(os.path.join(root, d))))
                for name in sorted(files):
                    yield os.path.join(root, name)
        else:
            yield path


def _overrides(args) -> Callable:
    """Command-line options applied on top of each configuration file, checked as its keys are."""
    from spamgate.config import parse_option

    select = parse_option("select", args.select, "--select") if args.select is not None else None
    ignore = parse_option("ignore", args.ignore, "--ignore") if args.ignore is not None else None
    max_file_size = (parse_option("max-file-size", args.max_file_size, "--max-file-size")
                     if args.max_file_size is not None else None)

    def apply(settings):
        if select is not None:
            settings = settings.override("select", select, "--select").override("extend-select", (), "--select")
        if ignore is not None:
            settings = settings.override("ignore", settings.ignore + ignore, "--ignore", adds=True)
        if args.profile is not None:
            settings = settings.override("profile", args.profile, "--profile")
        if max_file_size is not None:
            settings = settings.override("max-file-size", max_file_size, "--max-file-size")
        return settings

    return apply


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from spamgate.config import ConfigError, Resolver

    try:
        resolver = Resolver(args.config, _overrides(args))
        if args.show_config:
            from spamgate.settings.schema import PROJECT
            from spamgate.settings.show import show

            first = next((p for p in args.paths if p != "-"), None)
            target = first if first is None or not os.path.isdir(first) else os.path.join(first, "_")
            settings = resolver.for_path(target or os.path.join(os.getcwd(), "_"))
            show(settings, PROJECT, sys.stdout, "json" if args.format == "json" else "text")
            return 0
    except ConfigError as exc:
        sys.stderr.write(f"spamgate check: {exc}\n")
        return 2
    if not args.paths:
        sys.stderr.write("spamgate check: no paths given (use - for standard input)\n")
        return 2
    try:
        return _run(args, resolver)
    except ConfigError as exc:
        sys.stderr.write(f"spamgate check: {exc}\n")
        return 2


def _run(args, resolver) -> int:
    from spamgate.engine import scan_document, skipped_result
    from spamgate.reader import Skipped, document_from_bytes, read_path
    from spamgate.reporters import ReportContext, get, use_color

    fixing = args.fix or args.diff
    info = sys.stdout if args.format in ("text", "github") else sys.stderr
    results = []
    n_fixed = 0
    fix_failed = False
    profile = args.profile
    stdin_fixed: bytes | None = None

    def excluded_dir(path: str) -> bool:
        return resolver.for_path(os.path.join(path, "_")).is_excluded(path)

    for path in iter_paths(args.paths, excluded_dir):
        settings = resolver.for_path(path)
        if profile is None:
            profile = settings.profile
        name = (args.stdin_filename or "-") if path == "-" else path
        if name != "-" and settings.is_excluded(name):
            if args.verbose:
                results.append(skipped_result(Skipped(name, "excluded", "excluded by configuration, not scanned")))
            continue
        max_bytes = settings.max_file_size
        data = None
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
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

        def scan(document):
            return scan_document(document, profile=settings.profile, **settings.scan_options(name))

        result = scan(doc)
        if fixing:
            outcome = _fix_one(path, data, doc, result, args, info)
            if outcome is None:
                fix_failed = True
            elif outcome is not False:
                fixed_doc, new_bytes = outcome
                n_fixed += 1
                if path == "-":
                    stdin_fixed = new_bytes
                if not args.diff:
                    result = scan(fixed_doc)
            elif path == "-" and args.fix and not args.diff:
                stdin_fixed = data
        results.append(result)
    profile = profile or "commit"
    if args.diff:
        if n_fixed:
            sys.stderr.write(f"{n_fixed} file{'s' if n_fixed != 1 else ''} would be fixed.\n")
        if any(r.errors for r in results) or fix_failed:
            return 2
        return 1 if n_fixed and not args.exit_zero else 0
    if stdin_fixed is not None:
        # Fixing standard input: the fixed text is the output.
        sys.stdout.flush()
        sys.stdout.buffer.write(stdin_fixed)
        sys.stdout.flush()
        return 2 if any(r.errors for r in results) or fix_failed else 0
    context = ReportContext(profile=profile, verbose=args.verbose, statistics=args.statistics,
                            color=args.format == "text" and use_color(args.color, sys.stdout),
                            extra={"cwd": os.getcwd()})
    get(args.format).report(results, sys.stdout, context)
    if any(r.errors for r in results) or fix_failed:
        return 2
    if args.exit_zero:
        return 0 if not any(r.skipped is not None and r.skipped.is_error for r in results) else 2
    if n_fixed or any(r.failed for r in results):
        return 1
    if any(r.skipped is not None and r.skipped.is_error for r in results):
        return 2
    return 0


def _fix_one(path, data, doc, result, args, info):
    """Fix (or diff) one file.  Returns (fixed document, new bytes), False when
    nothing changes, or None when the file could not be fixed (reported)."""
    from spamgate.fix import FixError, plan, unified_diff, write_atomic
    from spamgate.model import Document

    if not any(f.location == "content" for f in result.findings):
        return False
    try:
        if data is None:
            with open(path, "rb") as fh:
                data = fh.read()
        fx = plan(data, doc, result.findings)
    except (FixError, OSError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        sys.stderr.write(f"spamgate check: cannot fix {path}: {message}\n")
        return None
    if fx is None:
        return False
    if args.diff:
        sys.stdout.write(unified_diff(fx))
    elif path != "-":
        try:
            write_atomic(path, fx.new_bytes)
        except OSError as exc:
            sys.stderr.write(f"spamgate check: cannot write {path}: {exc.strerror or exc}\n")
            return None
        info.write(f"Fixing {path}\n")
        info.flush()
    fixed = Document(path=doc.path, text=fx.new_text, kind=doc.kind, encoding=doc.encoding,
                     commit_subject=doc.commit_subject, commit=doc.commit)
    return fixed, fx.new_bytes


if __name__ == "__main__":
    raise SystemExit(main())
