"""``spamgate check [PATH ...]``: the pre-commit hook and the command-line check."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Callable

from spamgate.verdict import PROFILES


def build_parser() -> argparse.ArgumentParser:
    from spamgate.reporters import FORMATS
    from spamgate.suggest import Parser

    p = Parser(
        prog="spamgate check",
        description="Check files for look-alike characters and spam articles. "
                    "Exit status: 0 clean, 1 failing findings, files too large to scan, or files fixed; "
                    "2 usage, configuration or internal error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or directories to check (default: the current directory); - reads standard input. "
                        "In a git work tree a directory holds the files git lists (.gitignore is honoured); "
                        "elsewhere virtualenv, build and cache directories are skipped")
    p.add_argument("--stdin-filename", metavar="NAME", help="the file name to report (and judge as a title) for -")
    p.add_argument("--format", choices=list(FORMATS), default="text",
                   help="output format: text (with the source line of each finding), concise (one line a "
                        "finding), json (versioned schema), sarif (SARIF 2.1.0), github (workflow annotations), "
                        "gitlab (Code Quality) or junit (JUnit XML); default: text")
    p.add_argument("--profile", choices=PROFILES, default=None,
                   help="commit: any error-level finding fails (default); push: only a spam verdict fails "
                        "and inline suppressions are ignored")
    p.add_argument("--max-file-size", type=int, default=None, metavar="BYTES",
                   help="files larger than this are not scanned and fail (default: 5 MiB)")
    p.add_argument("--commit-subject", metavar="SUBJECT", help="judge SUBJECT as the commit subject that adds these files")
    p.add_argument("--pusher", metavar="NAME", help="judge the files as pushed by the account NAME (as a server hook would)")
    p.add_argument("--repository", metavar="OWNER/NAME",
                   help="judge the files as pushed to this repository (OWNER/NAME.wiki for its wiki)")
    p.add_argument("-v", "--verbose", action="store_true", help="also list skipped files")
    p.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    g = p.add_argument_group("configuration")
    g.add_argument("--config", metavar="FILE",
                   help="use this configuration file (.spamgate.toml, or a pyproject.toml with [tool.spamgate]) "
                        "instead of the nearest one")
    g.add_argument("--show-config", action="store_true",
                   help="print the effective settings for the first PATH (or the current directory) "
                        "and where each came from, then exit; --format json for JSON")
    g.add_argument("--isolated", action="store_true",
                   help="read no configuration file: check with the default settings (and the options given)")
    g.add_argument("--select", metavar="CODES", help="report only these codes or prefixes, comma-separated (replaces select)")
    g.add_argument("--ignore", metavar="CODES", help="never report these codes or prefixes, comma-separated (adds to ignore)")
    b = p.add_argument_group("baseline")
    b.add_argument("--baseline", metavar="FILE",
                   help="leave out the findings recorded in FILE: only new findings are reported "
                        "(default: the baseline setting)")
    b.add_argument("--write-baseline", metavar="FILE",
                   help="record every finding of this run in FILE, then exit 0")
    f = p.add_argument_group("fixing and output")
    f.add_argument("--fix", action="store_true",
                   help="move stray letters of flagged words into the word's own script (іntroduсtion -> "
                        "introduction, Пpивет -> Привет) and remove invisible characters inside words; "
                        "prints 'Fixing FILE' and exits 1 when a file changed. With -, the fixed text goes "
                        "to standard output and the remaining findings to standard error")
    f.add_argument("--diff", action="store_true", help="with or without --fix: print the fixes as a unified diff, write nothing")
    f.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="color text output: auto (on a terminal unless NO_COLOR is set), always, never")
    f.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail (errors still exit 2)")
    return p


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


class _Isolated:
    """Default settings for every file, whatever configuration files are around (``--isolated``)."""

    def __init__(self, overrides: Callable) -> None:
        from spamgate.config import load

        self.settings = overrides(load(None))

    def for_path(self, path: str):
        return self.settings


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from spamgate.config import ConfigError, Resolver

    try:
        resolver = _Isolated(_overrides(args)) if args.isolated else Resolver(args.config, _overrides(args))
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
    if args.isolated and args.config:
        sys.stderr.write("spamgate check: --isolated reads no configuration file; it does not go with --config\n")
        return 2
    if args.write_baseline and (args.fix or args.diff or args.baseline):
        sys.stderr.write("spamgate check: --write-baseline records findings; it goes with neither "
                         "--fix, --diff nor --baseline\n")
        return 2
    try:
        from spamgate.hooks.check_run import run

        return run(args, resolver)
    except ConfigError as exc:  # and a baseline file that cannot be used
        sys.stderr.write(f"spamgate check: {exc}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
