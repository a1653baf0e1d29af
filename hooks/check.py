"""``spamgate check [PATH ...]``: the pre-commit hook and the command-line check."""
from __future__ import annotations

import os
import sys

from spamgate.hooks.options import Command, Option, Positional
from spamgate.reporters import FORMATS
from spamgate.model import PROFILES

COMMAND = Command(
    "spamgate check",
    "Check files for look-alike characters and spam articles. "
    "Exit status: 0 clean, 1 failing findings, files too large to scan, or files fixed; "
    "2 usage, configuration or internal error.",
    Positional("paths", "*", "PATH",
               "files or directories to check (default: the current directory); - reads standard input. "
               "In a git work tree a directory holds the files git lists (.gitignore is honoured); "
               "elsewhere virtualenv, build and cache directories are skipped"),
    (
        Option(("--stdin-filename",), "stdin_filename", "text", "the file name to report (and judge as a title) for -",
               metavar="NAME"),
        Option(("--format",), "format", "text",
               "output format: text (with the source line of each finding), concise (one line a "
               "finding), json (versioned schema), sarif (SARIF 2.1.0), github (workflow annotations), "
               "gitlab (Code Quality) or junit (JUnit XML); default: text", tuple(FORMATS), "text"),
        Option(("--profile",), "profile", "text",
               "commit: any error-level finding fails (default); push: only a spam verdict fails "
               "and inline suppressions are ignored", PROFILES),
        Option(("--max-file-size",), "max_file_size", "int",
               "files larger than this are not scanned and fail (default: 5 MiB)", metavar="BYTES"),
        Option(("--commit-subject",), "commit_subject", "text",
               "judge SUBJECT as the commit subject that adds these files", metavar="SUBJECT"),
        Option(("--pusher",), "pusher", "text",
               "judge the files as pushed by the account NAME (as a server hook would)", metavar="NAME"),
        Option(("--repository",), "repository", "text",
               "judge the files as pushed to this repository (OWNER/NAME.wiki for its wiki)",
               metavar="OWNER/NAME"),
        Option(("-v", "--verbose"), "verbose", "flag", "also list skipped files"),
        Option(("--statistics",), "statistics", "flag", "print the number of findings per rule"),
        Option(("--config",), "config", "text",
               "use this configuration file (.spamgate.toml, or a pyproject.toml with [tool.spamgate]) "
               "instead of the nearest one", metavar="FILE", group="configuration"),
        Option(("--show-config",), "show_config", "flag",
               "print the effective settings for the first PATH (or the current directory) "
               "and where each came from, then exit; --format json for JSON", group="configuration"),
        Option(("--isolated",), "isolated", "flag",
               "read no configuration file: check with the default settings (and the options given)",
               group="configuration"),
        Option(("--select",), "select", "text",
               "report only these codes or prefixes, comma-separated (replaces select)", metavar="CODES",
               group="configuration"),
        Option(("--ignore",), "ignore", "text",
               "never report these codes or prefixes, comma-separated (adds to ignore)", metavar="CODES",
               group="configuration"),
        Option(("--exclude",), "exclude", "text",
               "never check files matching these globs, comma-separated, as the exclude setting "
               "(adds to exclude)", metavar="GLOBS", group="configuration"),
        Option(("--baseline",), "baseline", "text",
               "leave out the findings recorded in FILE: only new findings are reported "
               "(default: the baseline setting)", metavar="FILE", group="baseline"),
        Option(("--write-baseline",), "write_baseline", "text",
               "record every finding of this run in FILE, then exit 0", metavar="FILE", group="baseline"),
        Option(("--fix",), "fix", "flag",
               "move stray letters of flagged words into the word's own script (\u0456ntrodu\u0441tion -> "
               "introduction, \u041fp\u0438\u0432\u0435\u0442 -> \u041f\u0440\u0438\u0432\u0435\u0442) and remove invisible characters inside words; "
               "prints 'Fixing FILE' and exits 1 when a file changed. With -, the fixed text goes "
               "to standard output and the remaining findings to standard error", group="fixing and output"),
        Option(("--diff",), "diff", "flag", "with or without --fix: print the fixes as a unified diff, write nothing",
               group="fixing and output"),
        Option(("--color",), "color", "text",
               "color text output: auto (on a terminal unless NO_COLOR is set), always, never",
               ("auto", "always", "never"), "auto", group="fixing and output"),
        Option(("--exit-zero",), "exit_zero", "flag", "exit 0 even when findings fail (errors still exit 2)",
               group="fixing and output"),
    ),
)


def build_parser():
    """The argparse parser of ``spamgate check`` (for --help and usage errors)."""
    return COMMAND.parser()


def _overrides(args):
    """Command-line options applied on top of each configuration file, checked as its keys are."""
    from spamgate.config import parse_option

    select = parse_option("select", args.select, "--select") if args.select is not None else None
    ignore = parse_option("ignore", args.ignore, "--ignore") if args.ignore is not None else None
    exclude = parse_option("exclude", args.exclude, "--exclude") if args.exclude is not None else None
    max_file_size = (parse_option("max-file-size", args.max_file_size, "--max-file-size")
                     if args.max_file_size is not None else None)

    def apply(settings):
        if select is not None:
            settings = settings.override("select", select, "--select").override("extend-select", (), "--select")
        if ignore is not None:
            settings = settings.override("ignore", settings.ignore + ignore, "--ignore", adds=True)
        if exclude is not None:
            settings = settings.override("exclude", settings.exclude + exclude, "--exclude", adds=True)
        if args.profile is not None:
            settings = settings.override("profile", args.profile, "--profile")
        if max_file_size is not None:
            settings = settings.override("max-file-size", max_file_size, "--max-file-size")
        return settings

    return apply


class _Isolated:
    """Default settings for every file, whatever configuration files are around (``--isolated``)."""

    def __init__(self, overrides) -> None:
        from spamgate.config import load

        self.settings = overrides(load(None))

    def for_path(self, path: str):
        return self.settings


def main(argv: list[str] | None = None) -> int:
    args = COMMAND.parse(sys.argv[1:] if argv is None else list(argv))
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
