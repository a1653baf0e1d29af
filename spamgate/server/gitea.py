"""Installing the pre-receive hook on a Gitea or Forgejo host.

Gitea gives every repository and wiki (``<ROOT>/<owner>/<repo>.git`` and
``<ROOT>/<owner>/<repo>.wiki.git``) a dispatcher ``hooks/pre-receive`` that
runs every executable file in ``hooks/pre-receive.d/``.  Gitea rewrites only
the dispatcher and its own ``pre-receive.d/gitea``, so a file of ours there
survives ``gitea admin regenerate hooks``.  New repositories and wikis copy
their hooks from git's template directory (``[git.config] init.templateDir``
in app.ini).

The hook file is a small shell wrapper marked by its second line, so
``uninstall`` removes exactly the files ``install`` wrote and nothing else.
"""
from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

HOOK_NAME = "spamgate"
MARKER = "# spamgate-managed-hook: written by 'spamgate gitea install', removed by 'spamgate gitea uninstall'"


def wrapper_text(interpreter: str, config: str | None) -> str:
    """The hook file: run this installation's spamgate with an absolute interpreter path.

    ``-I`` (isolated mode) keeps the hook's working directory and PYTHON*
    variables off ``sys.path``, so nothing in or around the repository can
    stand in for spamgate.
    """
    command = [interpreter, "-I", "-m", "spamgate", "pre-receive"]
    if config:
        command += ["--config", config]
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Refuses pushes that add spam; see 'spamgate pre-receive --help'.\n"
        f"exec {' '.join(shlex.quote(c) for c in command)} \"$@\"\n"
    )


def is_ours(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    lines = head.split(b"\n")
    return len(lines) > 1 and lines[1].decode("utf-8", "replace") == MARKER


def is_repository(path: Path) -> bool:
    return path.is_dir() and (path / "HEAD").is_file() and (path / "objects").is_dir()


def runs_spamgate(path: Path) -> bool:
    """Whether a hook file written by hand (the README's manual wrapper, say) runs
    ``spamgate pre-receive`` with an interpreter or command that exists."""
    try:
        with open(path, "rb") as f:
            text = f.read(65536).decode("utf-8", "replace")
    except OSError:
        return False
    for line in text.splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        if words and words[0] == "exec":
            words = words[1:]
        for at in range(len(words) - 1):
            module = words[at] == "spamgate" and at > 0 and words[at - 1] == "-m"
            command = os.path.basename(words[at]) == "spamgate" and at == 0
            if (module or command) and words[at + 1] == "pre-receive":
                program = words[0]
                return os.path.isfile(program) and os.access(program, os.X_OK) if os.sep in program else True
    return False


def repositories(root: Path) -> list[Path]:
    """Every ``<root>/<owner>/<name>.git`` (wikis included), sorted; ``root`` itself if it is one.

    Symbolic links to owner or repository directories are followed; a
    repository that several links lead to is listed once (by the first path
    found), and a link that loops is no directory, so nothing loops.
    """
    if is_repository(root) and root.name.endswith(".git"):
        return [root]
    found = []
    seen: set[str] = set()
    try:
        owners = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return []
    for owner in owners:
        try:
            entries = sorted(owner.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".git") and is_repository(entry):
                real = os.path.realpath(entry)
                if real not in seen:
                    seen.add(real)
                    found.append(entry)
    return found


@dataclass
class Summary:
    installed: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    foreign: list[Path] = field(default_factory=list)  # a spamgate file we did not write
    manual: list[Path] = field(default_factory=list)  # a wrapper written by hand that runs spamgate
    no_dispatcher: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _write_hook(hooks_dir: Path, text: str, summary: Summary, owner_dir: Path) -> None:
    target = hooks_dir / "pre-receive.d" / HOOK_NAME
    if target.exists() or target.is_symlink():
        if not is_ours(target) or target.is_symlink():
            if not target.is_symlink() and os.access(target, os.X_OK) and runs_spamgate(target):
                summary.manual.append(owner_dir)
            else:
                summary.foreign.append(target)
            return
        try:
            current = target.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current == text and os.access(target, os.X_OK):
            summary.unchanged.append(owner_dir)
            return
        bucket = summary.updated
    else:
        bucket = summary.installed
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{HOOK_NAME}.tmp{os.getpid()}")
        tmp.write_text(text, "utf-8")
        tmp.chmod(0o755)
        os.replace(tmp, target)
    except OSError as exc:
        summary.errors.append(f"{target}: {exc.strerror or exc}")
        return
    bucket.append(owner_dir)


def install(root: Path | None, template_dir: Path | None, config: str | None,
            interpreter: str | None = None) -> Summary:
    text = wrapper_text(interpreter or sys.executable, config)
    summary = Summary()
    if root is not None:
        for repo in repositories(root):
            if not (repo / "hooks" / "pre-receive").is_file():
                summary.no_dispatcher.append(repo)
            _write_hook(repo / "hooks", text, summary, repo)
    if template_dir is not None:
        _write_hook(template_dir / "hooks", text, summary, template_dir)
    return summary


def uninstall(root: Path | None, template_dir: Path | None) -> Summary:
    summary = Summary()
    targets = []
    if root is not None:
        targets += [(repo, repo / "hooks" / "pre-receive.d" / HOOK_NAME) for repo in repositories(root)]
    if template_dir is not None:
        targets.append((template_dir, template_dir / "hooks" / "pre-receive.d" / HOOK_NAME))
    for owner, target in targets:
        if not (target.exists() or target.is_symlink()):
            continue
        if target.is_symlink() or not is_ours(target):
            summary.foreign.append(target)
            continue
        try:
            target.unlink()
        except OSError as exc:
            summary.errors.append(f"{target}: {exc.strerror or exc}")
            continue
        summary.removed.append(owner)
    if template_dir is not None:
        # Directories the install created in the template directory, if now empty.
        for d in (template_dir / "hooks" / "pre-receive.d", template_dir / "hooks"):
            try:
                d.rmdir()
            except OSError:
                break
    return summary


@dataclass
class Diagnosis:
    missing: list[Path] = field(default_factory=list)
    outdated: list[Path] = field(default_factory=list)
    foreign: list[Path] = field(default_factory=list)
    no_dispatcher: list[Path] = field(default_factory=list)
    manual: list[Path] = field(default_factory=list)  # installed by hand: runs spamgate pre-receive
    ok: list[Path] = field(default_factory=list)


def diagnose(root: Path, template_dir: Path | None, config: str | None, interpreter: str | None = None) -> Diagnosis:
    text = wrapper_text(interpreter or sys.executable, config)
    result = Diagnosis()
    places = [(repo, repo / "hooks") for repo in repositories(root)] if root is not None else []
    if template_dir is not None:
        places.append((template_dir, template_dir / "hooks"))
    for place, hooks in places:
        target = hooks / "pre-receive.d" / HOOK_NAME
        if place != template_dir and not (hooks / "pre-receive").is_file():
            result.no_dispatcher.append(place)
        if not target.exists():
            result.missing.append(place)
        elif target.is_symlink() or not is_ours(target):
            if not target.is_symlink() and os.access(target, os.X_OK) and runs_spamgate(target):
                result.manual.append(place)
            else:
                result.foreign.append(place)
        else:
            try:
                current = target.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                current = None
            if (config is not None and current != text or not os.access(target, os.X_OK)
                    or not _interpreter_ok(current or "")):
                result.outdated.append(place)
            else:
                result.ok.append(place)
    return result


def _interpreter_ok(text: str) -> bool:
    """The interpreter the wrapper runs still exists."""
    for line in text.splitlines():
        if line.startswith("exec "):
            try:
                words = shlex.split(line[5:])
            except ValueError:
                return False
            return bool(words) and os.path.isfile(words[0]) and os.access(words[0], os.X_OK)
    return False


def app_ini_snippet(template_dir: Path) -> str:
    return f"[git.config]\ninit.templateDir = {template_dir}\n"
