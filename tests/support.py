"""Helpers shared by the tests: run spamgate and git as a user would."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def spamgate(*args: str, input: bytes | str | None = None, cwd=None, env=None, check=False) -> subprocess.CompletedProcess:
    """Run the installed ``spamgate`` command; returns the completed process (text output)."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "spamgate", *map(str, args)],
        input=input, cwd=cwd, env=env, capture_output=True,
    )
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    if check and proc.returncode not in (0, 1):
        raise AssertionError(f"spamgate {args} exited {proc.returncode}: {proc.stderr}")
    return proc


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
