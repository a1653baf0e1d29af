"""The real pre-commit tool running the spamgate-fix hook from this repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support import ROOT, git, write

IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", "out", ".pytest_cache", ".hypothesis")


def pre_commit(*args, cwd, env):
    proc = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


SLOW = os.environ.get("SPAMGATE_SLOW", "") not in ("", "0")


@pytest.mark.skipif(not SLOW, reason="slow (installs the hook with pip): set SPAMGATE_SLOW=1")
def test_spamgate_fix_hook_rewrites_and_fails_then_passes(repo, tmp_path):
    snap = tmp_path / "hookrepo"
    shutil.copytree(ROOT, snap, ignore=IGNORE)
    git("init", "-q", cwd=snap)
    git("add", "-A", cwd=snap)
    git("commit", "-q", "-m", "snapshot", cwd=snap)
    sha = git("rev-parse", "HEAD", cwd=snap).strip()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env.pop("PRE_COMMIT", None)

    page = write(repo / "docs" / "page.md", "# Gu\u0456de\r\n\r\nThis \u0456ntrodu\u0441tion ex\u200bplains the parser. Caf\u00e9.\r\n")
    git("add", "-A", cwd=repo)
    code, out = pre_commit("try-repo", str(snap), "spamgate-fix", "--ref", sha, cwd=repo, env=env)
    assert code == 1, out
    assert "Fixing docs/page.md" in out
    assert "files were modified by this hook" in out
    assert page.read_bytes() == "# Guide\r\n\r\nThis introduction explains the parser. Caf\u00e9.\r\n".encode("utf-8")

    git("add", "-A", cwd=repo)
    code, out = pre_commit("try-repo", str(snap), "spamgate-fix", "--ref", sha, cwd=repo, env=env)
    assert code == 0, out
    assert "Passed" in out
