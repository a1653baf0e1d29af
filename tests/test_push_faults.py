"""Faults on the server never open the gate: a killed scan process or helper, a dead
``git cat-file``, a broken server configuration, a decision log that cannot take
a whole record.

Pushes go over ``git daemon`` into repositories laid out as Gitea lays them out;
faults are injected into the hook's own process (a ``sitecustomize`` module, a
``git`` that dies) through the hook script in ``hooks/pre-receive.d/``.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gitea_layout import (SPAM_ARTICLE, Host, clone_work, commit_file, fast_import, filler_page,
                          host, remote_lines)  # noqa: F401 (host: the fixture)
from support import git

SPAM_PAGE = "The-Secret-Of-FooBERT.md"

KILLER = '''\
import os

if os.environ.get("SPAMGATE_TEST_KILL"):
    import signal
    import spamgate.registry as registry
    from spamgate.model import Check, Rule

    _real = registry.all_rules

    def _kill(document):
        where = os.environ["SPAMGATE_TEST_KILL"]
        if "TRIGGER-KILL" in document.text and (where == "scan" or os.environ.get("IN_HELPER")):
            os.kill(os.getpid(), signal.SIGKILL)
        return ()

    _rule = Rule(id="zz_killer", checks=(Check("SG996", "killer", "error", 1.0, 1.0, "test", "test", "test", "test"),), run=_kill)

    def all_rules():
        return tuple(_real()) + (_rule,)

    all_rules.cache_clear = _real.cache_clear
    registry.all_rules = all_rules
    if os.environ["SPAMGATE_TEST_KILL"] == "helper":
        import spamgate.parallel as parallel

        _helper_main = parallel._helper_main

        def _marked_helper_main(*args):
            os.environ["IN_HELPER"] = "1"
            return _helper_main(*args)

        parallel._helper_main = _marked_helper_main
'''


def hook_script(host: Host, env: str = "", path: Path | None = None) -> str:
    """The hook, run with extra environment (and ``path`` first on PATH), not isolated from PYTHONPATH."""
    prefix = f'PATH="{path}:$PATH" ' if path else ""
    return (f'#!/bin/sh\n{prefix}{env} exec "{sys.executable}" -m spamgate pre-receive '
            f'--config "{host.config}"\n')


def killer(tmp_path: Path, where: str) -> str:
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(KILLER)
    return f'SPAMGATE_TEST_KILL={where} PYTHONPATH="{inject}"'


# -- item 6: dead processes ----------------------------------------------------------------------

@pytest.mark.parametrize("wiki", [True, False], ids=["wiki", "repository"])
def test_a_killed_scan_process_leaves_the_push_unjudged(host, tmp_path, wiki):
    repo = host.repo("ida", "pages", wiki=wiki, hook=hook_script(host, killer(tmp_path, "scan")))
    work = clone_work(tmp_path)
    commit_file(work, "notes.md", "# Notes\n\nTRIGGER-KILL\n", "Add notes")
    proc = host.push(work, repo)
    summary = "this push could not be checked for spam (the scan process ended unexpectedly)"
    lines = remote_lines(proc)
    if wiki:
        assert proc.returncode != 0
        assert lines[0] == f"spamgate: push refused: {summary}"
        assert host.queued() == []
    else:
        assert proc.returncode == 0, proc.stderr
        assert lines[0].startswith(f"spamgate: push accepted: {summary}; it is kept for a later check")
        [queued] = host.queued()
        assert queued["ranges"][0]["new"] == git("rev-parse", "HEAD", cwd=work).strip()
    assert host.log_records()[-1]["reason"] == "unjudged"


def test_documents_held_by_a_killed_helper_are_unjudged(host, tmp_path):
    host.configure("max_parallel_scans = 2\n")  # a slot for the helper, whatever the cores
    wiki = host.repo("ida", "wiki", wiki=True, hook=hook_script(host, killer(tmp_path, "helper")))
    work = clone_work(tmp_path)
    pages = {f"step-{n}.md": filler_page(n, 2000) + b"\nTRIGGER-KILL\n" for n in range(150)}
    fast_import(work, [("Add the steps", pages)])
    proc = host.push(work, wiki)
    lines = remote_lines(proc)
    assert proc.returncode != 0
    assert lines[0].startswith("spamgate: push refused: ") and lines[0].endswith(
        "documents could not be checked for spam (the scan's helper process ended unexpectedly)"), lines
    record = host.log_records()[-1]
    assert 0 < record["unjudged"]["count"] < 150 and record["scanned"]["documents"] > 64


def test_a_dead_git_cat_file_leaves_the_push_unjudged(host, tmp_path):
    real = shutil.which("git")
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "git").write_text(  # a git whose cat-file --batch dies after its first 100 bytes
        f"#!{sys.executable}\nimport os, subprocess, sys\nargs = sys.argv[1:]\n"
        f"if 'cat-file' in args and '--batch' in args:\n"
        f"    proc = subprocess.Popen([{real!r}, *args], stdout=subprocess.PIPE)\n"
        f"    os.write(1, proc.stdout.read(100))\n    proc.kill()\n    os._exit(1)\n"
        f"os.execv({real!r}, ['git', *args])\n")
    (shim / "git").chmod(0o755)
    wiki = host.repo("jo", "wiki", wiki=True, hook=hook_script(host, path=shim))
    work = clone_work(tmp_path)
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, "Add a page")
    proc = host.push(work, wiki)
    lines = remote_lines(proc)
    assert proc.returncode != 0
    assert lines[0].startswith("spamgate: push refused: ") and "(git cat-file ended early" in lines[0], lines


# -- item 6: a broken server configuration ---------------------------------------------------------

@pytest.mark.parametrize("broken", ['[thresholds]\nspam = "high"\n', "time_budget = = 3\n"], ids=["value", "toml"])
def test_a_broken_configuration_judges_with_the_built_in_settings(host, tmp_path, broken):
    host.configure(broken)
    wiki = host.repo("kai", "wiki", wiki=True)
    work = clone_work(tmp_path)
    commit_file(work, "Home.md", "# Home\n\nWelcome.\n", "Add Home")
    proc = host.push(work, wiki, "HEAD:refs/heads/master")
    assert proc.returncode == 0, proc.stderr
    warning = ("spamgate: warning: the server's spam check is misconfigured; "
               "this push was judged with the built-in settings")
    assert remote_lines(proc) == [warning]
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, "Add a page")
    proc = host.push(work, wiki, "HEAD:refs/heads/master")
    lines = remote_lines(proc)
    assert proc.returncode != 0 and lines[0].endswith("looks like spam") and lines[-1] == warning
    assert str(host.config) not in proc.stderr and "thresholds" not in proc.stderr and "TOML" not in proc.stderr
    records = host.log_records()
    if broken.startswith("[thresholds]"):  # the file still names its log: the admin reads the error there
        assert [r["decision"] for r in records] == ["accepted", "refused"]
        assert all(f'{host.config}: thresholds.spam: expected a positive number, got "high"' in r["config_error"]
                   for r in records)
    else:
        assert records == []  # no log can be read from it; the error goes to the system log


# -- item 6: the decision log ------------------------------------------------------------------------

def test_a_decision_log_record_is_one_whole_line_or_nothing(host, tmp_path):
    repo = host.repo("lou", "app")
    blob = git("hash-object", "-w", "--stdin", cwd=repo, input=SPAM_ARTICLE.encode()).strip()
    tree = git("mktree", cwd=repo, input=f"100644 blob {blob}\t{SPAM_PAGE}\n".encode()).strip()
    commit = git("commit-tree", tree, "-m", "Add a page", cwd=repo).strip()
    stdin = f"{'0' * 40} {commit} refs/heads/main\n".encode()

    def hook(limit: int | None = None) -> subprocess.CompletedProcess:
        def limited():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

        return subprocess.run([sys.executable, "-m", "spamgate", "pre-receive", "--config", str(host.config)],
                              cwd=repo, input=stdin, capture_output=True, preexec_fn=limited if limit else None)

    assert hook().returncode == 1
    whole = host.log.read_bytes()
    proc = hook(limit=len(whole) + 300)  # a full disk, as the kernel shows it: a short write
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines()[-1] == "spamgate: warning: the server could not write its decision log"
    assert host.log.read_bytes() == whole  # no half record left behind
    assert hook().returncode == 1
    lines = host.log.read_text().splitlines()
    assert len(lines) == 2 and all(json.loads(line)["decision"] == "refused" for line in lines)
