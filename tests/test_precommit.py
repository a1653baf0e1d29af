"""The real pre-commit tool running spamgate's hooks from this repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support import ROOT, git, write

IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", "out", ".pytest_cache", ".hypothesis")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed snapshot of this project, so pre-commit installs it once for the module."""
    snap = tmp_path_factory.mktemp("hookrepo") / "spamgate"
    shutil.copytree(ROOT, snap, ignore=IGNORE)
    git("init", "-q", cwd=snap)
    git("add", "-A", cwd=snap)
    git("commit", "-q", "-m", "snapshot", cwd=snap)
    sha = git("rev-parse", "HEAD", cwd=snap).strip()
    return snap, sha


@pytest.fixture(scope="module")
def pc_env(tmp_path_factory):
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env.pop("PRE_COMMIT", None)
    return env


def pre_commit(*args, cwd, env):
    proc = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def test_manifest_is_valid(pc_env):
    code, out = pre_commit("validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"), cwd=ROOT, env=pc_env)
    assert code == 0, out


def test_try_repo_fails_on_lookalike_and_names_the_character(repo, hook_repo, pc_env):
    snap, sha = hook_repo
    write(repo / "docs" / "intro.md", "# Guide\n\nThis іntroduсtion explains the parser.\n")
    git("add", "-A", cwd=repo)
    code, out = pre_commit("try-repo", str(snap), "spamgate", "--ref", sha, cwd=repo, env=pc_env)
    assert code == 1, out
    assert "docs/intro.md:3:6: SG101" in out
    assert "U+0456" in out and "U+0441" in out
    assert '"introduction"' in out


def test_try_repo_passes_multilingual_text(repo, hook_repo, pc_env):
    snap, sha = hook_repo
    write(repo / "README.md", (
        "# Проект / Project\n\n"
        "Это русский текст о программе. Ελληνικά: η εισαγωγή. Türkçe: ışık. Tiếng Việt: xin chào.\n"
        "日本語のテキスト。 Café, naïve, Zoë. “Curly quotes” — and 10 kΩ, 5 µs, α + β = Δ.\n"
    ))
    git("add", "-A", cwd=repo)
    code, out = pre_commit("try-repo", str(snap), "spamgate", "--ref", sha, cwd=repo, env=pc_env)
    assert code == 0, out
    assert "Passed" in out


def test_installed_hooks_block_commit_and_commit_message(repo, hook_repo, pc_env):
    snap, sha = hook_repo
    write(repo / ".pre-commit-config.yaml", (
        "repos:\n"
        f"  - repo: {snap}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        "      - id: spamgate\n"
        "      - id: spamgate-commit-msg\n"
    ))
    git("add", ".pre-commit-config.yaml", cwd=repo)
    code, out = pre_commit("install", "--hook-type", "pre-commit", "--hook-type", "commit-msg", cwd=repo, env=pc_env)
    assert code == 0, out

    write(repo / "notes.txt", "A wοrd with a Greek omicron.\n")
    git("add", "notes.txt", cwd=repo)
    proc = subprocess.run(["git", "commit", "-m", "Add notes"], cwd=repo, env=pc_env, capture_output=True)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode != 0, out
    assert "SG101" in out and "U+03BF GREEK SMALL LETTER OMICRON" in out
    assert "HEAD" in git("log", "-1", "--format=%s%n%D", cwd=repo)  # nothing new committed
    assert git("log", "-1", "--format=%s", cwd=repo).strip() != "Add notes"

    write(repo / "notes.txt", "A word with no tricks.\n")
    git("add", "notes.txt", cwd=repo)
    proc = subprocess.run(["git", "commit", "-m", "Add nоtes"], cwd=repo, env=pc_env, capture_output=True)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode != 0, out
    assert "U+043E CYRILLIC SMALL LETTER O" in out

    proc = subprocess.run(["git", "commit", "-m", "Add notes"], cwd=repo, env=pc_env, capture_output=True)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert git("log", "-1", "--format=%s", cwd=repo).strip() == "Add notes"
