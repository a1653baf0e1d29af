"""Helpers shared by the tests: run spamgate and git as a user would."""
from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def spamgate(*args: str, input: bytes | str | None = None, cwd=None, env=None, check=False) -> subprocess.CompletedProcess:
    """Run ``spamgate ARGS`` in this process, through ``main(argv)`` as the
    console script does, with its own standard streams, working directory and
    environment; returns a CompletedProcess with text output.  Tests of what
    only a separate process shows use ``spamgate_process``."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    from spamgate.hooks.cli import main

    streams = [io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8"),
               io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True),
               io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)]
    argv = [str(a) for a in args]
    with _environment(env), _directory(cwd), _standard_streams(*streams):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = (s.buffer.getvalue().decode("utf-8", "replace") for s in streams[1:])
    proc = subprocess.CompletedProcess(["spamgate", *argv], code, out, err)
    if check and proc.returncode not in (0, 1):
        raise AssertionError(f"spamgate {args} exited {proc.returncode}: {proc.stderr}")
    return proc


def spamgate_process(*args: str, input: bytes | str | None = None, cwd=None, env=None) -> subprocess.CompletedProcess:
    """Run the installed ``spamgate`` command as a process of its own (text output)."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    proc = subprocess.run([sys.executable, "-m", "spamgate", *map(str, args)],
                          input=input, cwd=cwd, env=env, capture_output=True)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


@contextlib.contextmanager
def _environment(env):
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _directory(cwd):
    if cwd is None:
        yield
        return
    saved = os.getcwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextlib.contextmanager
def _standard_streams(stdin, stdout, stderr):
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def spamgate_json(*args: str, **kwargs) -> tuple[int, dict]:
    proc = spamgate("check", "--format", "json", *args, **kwargs)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def git(*args: str, cwd, input: bytes | None = None, env=None, check=True) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, input=input, env=env, capture_output=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode('utf-8', 'replace')}")
    return proc.stdout.decode("utf-8", "replace")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def project_files(root: Path) -> list[str]:
    """The files of the project at ``root`` as git lists them (tracked, and untracked but not ignored)."""
    out = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=root)
    return [name for name in sorted(set(out.split("\0"))) if name and (root / name).is_file()]


def pre_commit(*args, cwd, env) -> tuple[int, str]:
    """Run the real pre-commit tool; (exit status, stdout and stderr)."""
    proc = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def git_commit(*args, cwd, env) -> tuple[int, str]:
    """``git commit ARGS`` as a user runs it (hooks and all); (exit status, output)."""
    proc = subprocess.run(["git", "commit", *args], cwd=cwd, env=env, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def hook_config(repo: str, rev: str, *hooks: str) -> str:
    """A .pre-commit-config.yaml using ``hooks`` (ids, or "id args..." lines) of one repository."""
    lines = ["repos:", f"  - repo: {repo}", f"    rev: {rev}", "    hooks:"]
    for hook in hooks:
        hook_id, *args = hook.split()
        lines.append(f"      - id: {hook_id}")
        if args:
            lines.append(f"        args: [{', '.join(args)}]")
    return "\n".join(lines) + "\n"


def check_files(root: Path, groups: dict, *args: str) -> dict:
    """Write each group's files as ``root/<group>/<name>``, check them all in one
    ``spamgate check --format json`` run, and return each file's report entry by
    (group, name)."""
    for group, files in groups.items():
        for name, text in files.items():
            write(root / group / name, text)
    _, data = spamgate_json(*args, str(root))
    return {tuple(e["path"].replace("\\", "/").split("/")[-2:]): e for e in data["files"]}

