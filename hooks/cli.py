"""The ``spamgate`` command: dispatch to one subcommand module, imported lazily."""
from __future__ import annotations

import importlib
import sys

# subcommand -> (module, one-line help).  Each module has main(argv=None) -> int.
COMMANDS = {
    "check": ("spamgate.hooks.check", "check files (or - for stdin) for look-alike characters and spam"),
    "commit-msg": ("spamgate.hooks.commit_msg", "check a commit message file (pre-commit commit-msg stage)"),
    "rules": ("spamgate.hooks.rules_cmd", "print the rules: code, name and documentation"),
    "evaluate": ("spamgate.hooks.evaluate", "measure detection on a labelled corpus (spam/ and ham/ folders)"),
    "pre-receive": ("spamgate.hooks.pre_receive", "git pre-receive hook: refuse pushes that add spam"),
    "gitea": ("spamgate.hooks.gitea", "install or remove the pre-receive hook on a Gitea/Forgejo host"),
    "audit": ("spamgate.hooks.audit", "scan repositories already on disk for spam"),
}

USAGE = """\
usage: spamgate [--version] [--help] COMMAND [ARGS...]

Keeps SEO spam and look-alike-character text out of git repositories.

commands:
{commands}

Run 'spamgate COMMAND --help' for a command's options.
"""


def _usage() -> str:
    width = max(len(n) for n in COMMANDS)
    lines = "\n".join(f"  {n.ljust(width)}  {h}" for n, (_, h) in COMMANDS.items())
    return USAGE.format(commands=lines)


def _safe_streams() -> None:
    """Never fail on output: file names that are not valid UTF-8 reach Python as
    lone surrogates, which a strict UTF-8 stream refuses; print them escaped."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _safe_streams()
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(_usage())
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        from spamgate import __version__

        print(f"spamgate {__version__}")
        return 0
    name = argv[0]
    if name not in COMMANDS:
        from spamgate.suggest import did_you_mean

        sys.stderr.write(f"spamgate: unknown command {name!r}{did_you_mean(name, COMMANDS)}\n\n" + _usage())
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    try:
        return module.main(argv[1:])
    except KeyboardInterrupt:
        sys.stderr.write("spamgate: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # never a traceback for a user
        import traceback

        sys.stderr.write(f"spamgate: internal error: {type(exc).__name__}: {exc}\n")
        if _debug():
            traceback.print_exc()
        else:
            sys.stderr.write("(set SPAMGATE_DEBUG=1 for the traceback)\n")
        return 2


def _debug() -> bool:
    import os

    return os.environ.get("SPAMGATE_DEBUG", "") not in ("", "0")


if __name__ == "__main__":
    raise SystemExit(main())
