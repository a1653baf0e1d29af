"""``spamgate pre-receive`` streams a push: each new file (a blob under a path) is
read once, judged as it arrives and reported with the commit that first added it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gitea_layout import SPAM_ARTICLE, SPAM_TITLE, clone_work, commit_file
from support import git

SPAM_PAGE = SPAM_TITLE.replace(" ", "-") + ".md"


def _bare_with_push(tmp: Path, build) -> tuple[Path, str]:
    """A bare repository holding the objects of the commits ``build(work)`` makes, no ref on them yet
    (as during a pre-receive hook); returns (bare, stdin line)."""
    work = clone_work(tmp)
    commit_file(work, "README.md", "# Project\n\nNotes for the team.\n", "Add README")
    bare = tmp / "server.git"
    git("init", "-q", "--bare", str(bare), cwd=tmp)
    git("push", "-q", str(bare), "HEAD:refs/heads/main", cwd=work)
    old = git("rev-parse", "HEAD", cwd=work).strip()
    build(work)
    new = git("rev-parse", "HEAD", cwd=work).strip()
    git("push", "-q", str(bare), "HEAD:refs/heads/incoming", cwd=work)
    git("update-ref", "-d", "refs/heads/incoming", cwd=bare)
    return bare, f"{old} {new} refs/heads/main\n"


def _hook(bare: Path, stdin: str, config: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "spamgate", "pre-receive", "--config", str(config)], cwd=bare,
                          input=stdin.encode(), env=env or dict(os.environ), capture_output=True)
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def _config(tmp: Path, extra: str = "") -> tuple[Path, Path]:
    log = tmp / "decisions.jsonl"
    config = tmp / "spamgate.toml"
    config.write_text(f'time_budget = 30\nlog_file = "{log}"\n' + extra)
    return config, log


def test_a_file_in_many_commits_is_judged_once_and_reported_with_the_commit_that_added_it(tmp_path):
    commits = {}

    def build(work):
        commits["added"] = commit_file(work, SPAM_PAGE, SPAM_ARTICLE, "Add notes")
        for n in range(5):  # later commits keep the same page (same blob) and change other files
            commit_file(work, f"notes/day-{n}.md", f"# Day {n}\n\nNothing to report.\n", f"Day {n}")
        (work / "copy").mkdir()
        (work / "copy" / SPAM_PAGE).write_text(SPAM_ARTICLE, encoding="utf-8")  # the same blob at a second path
        git("add", "copy", cwd=work)
        git("commit", "-q", "-m", "Copy the notes", cwd=work)
        commits["copied"] = git("rev-parse", "HEAD", cwd=work).strip()

    bare, stdin = _bare_with_push(tmp_path, build)
    config, log = _config(tmp_path)
    proc = _hook(bare, stdin, config)
    assert proc.returncode == 1, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith("spamgate: push refused:") and SPAM_PAGE in first, first
    assert commits["added"][:12] in first, first
    [record] = [json.loads(line) for line in log.read_text().splitlines()]
    spam_documents = [(d["commit"], d["path"]) for d in record["documents"] if d["verdict"] == "spam"]
    # The same content under a second path is judged again, under that path.
    assert spam_documents == [(commits["added"], SPAM_PAGE), (commits["copied"], "copy/" + SPAM_PAGE)], record
    scanned = record["scanned"]
    # 7 commit messages, README is old, 5 day pages, the spam blob under each of its two paths
    assert scanned["commits"] == 7
    assert scanned["documents"] <= 7 + 5 + 2


INJECT_REGEX_ERROR = """\
import os

if os.environ.get("SPAMGATE_TEST_REGEX_ERROR"):
    import regex
    import spamgate.registry as registry
    from spamgate.model import Check, Rule

    _real = registry.all_rules

    def _broken(document):
        if "TRIGGER-REGEX" in document.text:
            regex.compile("(unclosed")
        return ()

    _rule = Rule(id="zz_broken_pattern",
                 checks=(Check("SG997", "broken-pattern", "error", 1.0, 1.0, "test", "test", "test", "test"),), run=_broken)

    def all_rules():
        return tuple(_real()) + (_rule,)

    all_rules.cache_clear = _real.cache_clear
    registry.all_rules = all_rules
"""


def test_a_regular_expression_error_reads_with_one_error_prefix(tmp_path):
    def build(work):
        commit_file(work, "docs/install.md", "# Install\n\nRun make.\nTRIGGER-REGEX\n", "Document the install")

    bare, stdin = _bare_with_push(tmp_path, build)
    config, _ = _config(tmp_path, 'on_unjudged = "refuse"\n')
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(INJECT_REGEX_ERROR)
    env = dict(os.environ, SPAMGATE_TEST_REGEX_ERROR="1", PYTHONPATH=str(inject))
    proc = _hook(bare, stdin, config, env)
    assert proc.returncode == 1, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith("spamgate: push refused: 1 of 2 documents could not be checked for spam "
                            "(rule zz_broken_pattern failed on docs/install.md: regex.error: "), first
    assert "error: error" not in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_path_holding_a_newline_is_judged_and_forges_nothing(tmp_path):
    """A path may hold newlines: the file is judged under its whole path, shown escaped, and no
    part of the name can pass for another object."""
    def build(work):
        blob = git("hash-object", "-w", "--stdin", cwd=work, input=SPAM_ARTICLE.encode()).strip()
        readme = git("rev-parse", "HEAD:README.md", cwd=work).strip()
        name = f"The-Pain-of\n{readme} README.md\nQuillNet-7B.md"
        git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}", cwd=work)
        git("commit", "-q", "-m", "Add notes", cwd=work)

    bare, stdin = _bare_with_push(tmp_path, build)
    config, log = _config(tmp_path)
    proc = _hook(bare, stdin, config)
    assert proc.returncode == 1, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith('spamgate: push refused: file "The-Pain-of<U+000A>'), first
    assert '<U+000A>QuillNet-7B.md" in commit ' in first, first
    [record] = [json.loads(line) for line in log.read_text().splitlines()]
    assert record["scanned"]["documents"] == 2  # the page and the commit message; README.md is not re-read


def test_a_large_push_is_scanned_completely_and_spam_late_in_it_is_reported_in_full(tmp_path):
    """Past the first few dozen documents a second process scans too; every document is still
    scanned once and a spam page found late comes back with its findings."""
    def build(work):
        for n in range(150):
            (work / "notes").mkdir(exist_ok=True)
            (work / "notes" / f"n{n:03d}.md").write_text(f"# Note {n}\n\nAll done.\n", encoding="utf-8")
        (work / SPAM_PAGE).write_text(SPAM_ARTICLE + "\n" + "Plain closing words.\n" * 40, encoding="utf-8")
        git("add", ".", cwd=work)
        git("commit", "-q", "-m", "Import notes", cwd=work)
        commit_file(work, "second.md", SPAM_ARTICLE, "Add a second page")

    bare, stdin = _bare_with_push(tmp_path, build)
    config, log = _config(tmp_path)
    proc = _hook(bare, stdin, config)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert "looks like spam" in lines[0] and "(1 more document in this push look" in proc.stderr, proc.stderr
    details = lines[lines.index("spamgate: details:") + 1:]
    assert details and all(line.startswith("spamgate:   ") for line in details)
    assert any(": SG" in line and (SPAM_PAGE in line or "second.md" in line) for line in details), details
    [record] = [json.loads(line) for line in log.read_text().splitlines()]
    assert record["scanned"]["documents"] == record["scanned"]["planned"] == 150 + 2 + 2
    assert {d["path"] for d in record["documents"] if d["verdict"] == "spam"} == {SPAM_PAGE, "second.md"}
    assert record["findings"] and all(f["line"] >= 0 and f["code"].startswith("SG") for f in record["findings"])
