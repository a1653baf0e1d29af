"""``spamgate gitea install|uninstall|check``: the pre-receive hook on a Gitea/Forgejo host."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="spamgate gitea",
        description="Install the spamgate pre-receive hook into every repository and wiki of a Gitea or "
                    "Forgejo host (<ROOT>/<owner>/<repo>.git and .wiki.git) and into a git template "
                    "directory for new ones; check or remove it. Gitea's own hook files are never touched.",
    )
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--repositories", metavar="ROOT",
                        help="Gitea's repository root ([repository] ROOT in app.ini, e.g. /var/lib/gitea/data/gitea-repositories)")
    common.add_argument("--template-dir", metavar="DIR",
                        help="git template directory for new repositories (set as init.templateDir in app.ini)")
    inst = sub.add_parser("install", parents=[common], help="install or update the hook (idempotent)",
                          description="Install or update the hook; running it again changes nothing.")
    inst.add_argument("--config", metavar="FILE", help="server configuration the hook reads (e.g. /etc/spamgate.toml)")
    inst.add_argument("--check", action="store_true", help="only list repositories without the hook")
    sub.add_parser("uninstall", parents=[common], help="remove exactly the hook files install wrote")
    chk = sub.add_parser("check", parents=[common], help="list repositories without the hook (exit 1 if any)")
    chk.add_argument("--config", metavar="FILE", help="also report hooks that use another configuration")
    return p


def _rel(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    return str(path)


def _paths(args) -> tuple[Path | None, Path | None]:
    root = Path(args.repositories).expanduser().resolve() if args.repositories else None
    template = Path(args.template_dir).expanduser().resolve() if args.template_dir else None
    if root is not None and not root.is_dir():
        raise SystemExit(_fail(f"repository root {root} is not a directory"))
    if root is None and template is None:
        raise SystemExit(_fail("give --repositories ROOT and/or --template-dir DIR"))
    return root, template


def _fail(message: str) -> int:
    sys.stderr.write(f"spamgate gitea: {message}\n")
    return 2


def _config_path(value: str | None) -> str | None:
    if value is None:
        return None
    path = os.path.abspath(os.path.expanduser(value))
    from spamgate.server.config import ConfigError, load

    try:
        load(path)
    except ConfigError as exc:
        raise SystemExit(_fail(str(exc)))
    return path


def do_check(root, template, config) -> int:
    from spamgate.server import gitea

    result = gitea.diagnose(root, template, config)
    for place in result.missing:
        print(f"missing: {_rel(place, root)}")
    for place in result.outdated:
        print(f"outdated: {_rel(place, root)} (run 'spamgate gitea install' again)")
    for place in result.foreign:
        print(f"not ours: {_rel(place, root)} (hooks/pre-receive.d/spamgate was not written by spamgate)")
    for place in result.no_dispatcher:
        print(f"no dispatcher: {_rel(place, root)} (no hooks/pre-receive; run 'gitea admin regenerate hooks')")
    for place in result.manual:
        print(f"installed by hand: {_rel(place, root)}")
    bad = len(result.missing) + len(result.outdated) + len(result.foreign) + len(result.no_dispatcher)
    good = len(result.ok) + len(result.manual)
    total = good + len(result.missing) + len(result.outdated) + len(result.foreign)
    print(f"{good} of {total} place{'s' if total != 1 else ''} have the hook installed and current.")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--check":  # 'spamgate gitea --check ...'
        argv = ["check", *argv[1:]]
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.action:
        parser.print_help(sys.stderr)
        return 2
    from spamgate.server import gitea

    root, template = _paths(args)
    config = _config_path(getattr(args, "config", None))
    if args.action == "check" or getattr(args, "check", False):
        return do_check(root, template, config)
    if args.action == "install":
        summary = gitea.install(root, template, config)
        for place in summary.installed:
            print(f"installed: {_rel(place, root)}")
        for place in summary.updated:
            print(f"updated: {_rel(place, root)}")
        for target in summary.foreign:
            print(f"left alone: {target} exists and was not written by spamgate")
        for place in summary.manual:
            print(f"installed by hand, left alone: {_rel(place, root)}")
        for place in summary.no_dispatcher:
            print(f"warning: {_rel(place, root)} has no hooks/pre-receive dispatcher; "
                  "the hook runs once Gitea writes it ('gitea admin regenerate hooks')")
        for error in summary.errors:
            sys.stderr.write(f"spamgate gitea: cannot write {error}\n")
        print(f"{len(summary.installed)} installed, {len(summary.updated)} updated, "
              f"{len(summary.unchanged) + len(summary.manual)} already up to date.")
        if config is None:
            print("note: no --config given; the hook uses $SPAMGATE_CONFIG or the built-in defaults.")
        if template is not None:
            print("\nSo that new repositories and wikis get the hook, add to Gitea's app.ini and restart Gitea:\n")
            print(gitea.app_ini_snippet(template))
        else:
            print("note: no --template-dir given; repositories created from now on will not get the hook.")
        return 2 if summary.errors else (1 if summary.foreign else 0)
    summary = gitea.uninstall(root, template)
    for place in summary.removed:
        print(f"removed: {_rel(place, root)}")
    for target in summary.foreign:
        print(f"left alone: {target} was not written by spamgate")
    for error in summary.errors:
        sys.stderr.write(f"spamgate gitea: cannot remove {error}\n")
    print(f"{len(summary.removed)} removed.")
    if template is not None:
        print("Remove init.templateDir from [git.config] in app.ini if you added it for spamgate.")
    return 2 if summary.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
