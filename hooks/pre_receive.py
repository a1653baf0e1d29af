"""``spamgate pre-receive``: the git pre-receive hook for Gitea, Forgejo and plain git servers.

Reads ``<old> <new> <ref>`` lines on standard input, scans what the push adds
and exits 1 to refuse it.  Configuration comes only from the server: the file
named by --config or $SPAMGATE_CONFIG.
"""
from __future__ import annotations

import sys

from spamgate.hooks.options import Command, Option


COMMAND = Command(
    "spamgate pre-receive",
    "git pre-receive hook: refuse pushes that add spam. Reads '<old> <new> <ref>' lines on "
    "standard input, as git gives them. Exit status: 0 accept, 1 refuse.",
    None,
    (
        Option(("--config",), "config", "text",
               "server configuration (TOML); default: $SPAMGATE_CONFIG, else built-in defaults", metavar="FILE"),
        Option(("--gitlab",), "gitlab", "flag",
               "prefix every line with GL-HOOK-ERR: so GitLab shows it in its web interface"),
        Option(("--check-config", "--show-config"), "check_config", "flag",
               "only read the configuration, print the settings in effect and where each came from, "
               "and exit (2 when the configuration is broken)"),
        Option(("--format",), "format", "text", "with --check-config: print the settings as text (default) or JSON",
               ("text", "json"), "text"),
    ),
)


def build_parser():
    """The full argument parser (for --help and usage errors; the hook reads its few options itself)."""
    return COMMAND.parser()


def main(argv: list[str] | None = None) -> int:
    args = COMMAND.parse(sys.argv[1:] if argv is None else list(argv))
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
