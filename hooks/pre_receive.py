"""``spamgate pre-receive``: the git pre-receive hook for Gitea, Forgejo and plain git servers.

Reads ``<old> <new> <ref>`` lines on standard input, scans what the push adds
and exits 1 to refuse it.  Configuration comes only from the server: the file
named by --config or $SPAMGATE_CONFIG.
"""
from __future__ import annotations

import sys


def build_parser():
    """The full argument parser (for --help and usage errors; the hook itself parses its few options by hand)."""
    import argparse

    p = argparse.ArgumentParser(
        prog="spamgate pre-receive",
        description="git pre-receive hook: refuse pushes that add spam. Reads '<old> <new> <ref>' lines on "
                    "standard input, as git gives them. Exit status: 0 accept, 1 refuse.",
    )
    p.add_argument("--config", metavar="FILE",
                   help="server configuration (TOML); default: $SPAMGATE_CONFIG, else built-in defaults")
    p.add_argument("--gitlab", action="store_true",
                   help="prefix every line with GL-HOOK-ERR: so GitLab shows it in its web interface")
    p.add_argument("--check-config", "--show-config", dest="check_config", action="store_true",
                   help="only read the configuration, print the settings in effect and where each came from, "
                        "and exit (2 when the configuration is broken)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="with --check-config: print the settings as text (default) or JSON")
    return p


class _Args:
    config: str | None = None
    gitlab = False
    check_config = False
    format = "text"


def parse_args(argv: list[str]) -> _Args:
    """The hook runs on every push: its options are read without argparse's import cost.
    Anything unusual (help, a mistake) goes to argparse, which prints and exits as usual."""
    args = _Args()
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--gitlab":
            args.gitlab = True
        elif arg in ("--check-config", "--show-config"):
            args.check_config = True
        elif arg == "--format" and i + 1 < len(argv) and argv[i + 1] in ("text", "json"):
            args.format = argv[i + 1]
            i += 1
        elif arg == "--config" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            args.config = argv[i + 1]
            i += 1
        elif arg.startswith("--config=") and len(arg) > len("--config="):
            args.config = arg[len("--config="):]
        else:
            return build_parser().parse_args(argv)  # type: ignore[return-value]
        i += 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else list(argv))
    from spamgate.server.config import ConfigError, load, salvage

    problem = None
    try:
        config = load(args.config)
    except ConfigError as exc:
        if args.check_config:
            sys.stderr.write(f"spamgate pre-receive: {exc}\n")
            return 2
        # The server's own configuration is broken: judge with the built-in
        # settings (a broken file never switches the gate off) and tell the
        # admin, through the log the file still names; the pusher hears only
        # that the check is misconfigured.
        problem = str(exc)
        config = salvage(args.config)
    if args.check_config:
        from spamgate.settings.schema import SERVER
        from spamgate.settings.show import show

        show(config, SERVER, sys.stdout, args.format)
        if args.format != "json":
            print(f"# state directory in use: {config.state_path()}")
        return 0
    from spamgate.server.prereceive import Hook, push_from_environment

    hook = Hook(config, push_from_environment(), gitlab=args.gitlab, config_problem=problem)
    data = sys.stdin.buffer.read()
    return hook.run(data)


if __name__ == "__main__":
    raise SystemExit(main())
