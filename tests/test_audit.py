"""``spamgate audit``: spam already stored in the repositories of a Gitea host."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from gitea_layout import (MULTILINGUAL, SPAM_ARTICLE, SPAM_TITLE, clone_work, commit_file, create_repo, fast_import,
                          filler_page, push)
from support import git, spamgate

SPAM_PAGE = SPAM_TITLE.replace(" ", "-") + ".md"


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """Repositories filled without the hook, as migration or mirroring fills them."""
    tmp = tmp_path_factory.mktemp("audit")
    root = tmp / "repositories"
    wiki = create_repo(root, "alice", "blog", wiki=True)
    tools = create_repo(root, "bob", "tools")
    old = create_repo(root, "carol", "old")
    work = clone_work(tmp, "w1")
    commit_file(work, "Home.md", "# Blog wiki\n\nNotes about the blog.\n", "Add Home")
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, "Add " + SPAM_TITLE)
    assert push(work, wiki, "HEAD:refs/heads/master").returncode == 0
    work = clone_work(tmp, "w2")
    commit_file(work, "README.md", MULTILINGUAL, "Add README")
    assert push(work, tools, "HEAD:refs/heads/main").returncode == 0
    work = clone_work(tmp, "w3")
    commit_file(work, "docs/guide.md", SPAM_ARTICLE, "Add guide")
    git("rm", "-q", "docs/guide.md", cwd=work)
    commit_file(work, "docs/index.md", "# Docs\n\nStart here.\n", "Replace guide")
    assert push(work, old, "HEAD:refs/heads/main").returncode == 0
    return root


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_text_report_finds_the_spam_wiki(host):
    proc = spamgate("audit", host, "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "alice/blog.wiki.git: spam (wiki of alice/blog, owner alice; 1 file)"
    assert lines[1].startswith(f"  {SPAM_PAGE} at refs/heads/master: spam, score ")
    assert lines[-1] == "Audited 3 repositories: 1 with spam (1 wiki), 0 errors."
    assert proc.stderr == ""  # no progress bar when standard error is not a terminal


def test_history_finds_deleted_spam_and_formats(host):
    proc = spamgate("audit", host, "--history", "--format", "jsonl", "--jobs", "2")
    assert proc.returncode == 1, proc.stderr
    rows = jsonl(proc.stdout)
    found = {(r["location"], r["file"]) for r in rows}
    assert ("alice/blog.wiki.git", SPAM_PAGE) in found
    assert ("carol/old.git", "docs/guide.md") in found
    row = next(r for r in rows if r["location"] == "carol/old.git")
    assert row["owner"] == "carol" and row["wiki"] is False and row["verdict"] == "spam"
    assert len(row["commit"]) == 40 and row["error"] is None

    proc = spamgate("audit", host, "--history", "--format", "csv", "--jobs", "1")
    table = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {(r["location"], r["file"], r["wiki"]) for r in table} == {
        ("alice/blog.wiki.git", SPAM_PAGE, "true"), ("carol/old.git", "docs/guide.md", "false")}


def test_shards_split_the_work(host):
    full = {r["location"] for r in jsonl(spamgate("audit", host, "--history", "--format", "jsonl").stdout)}
    parts = []
    for i in (1, 2):
        proc = spamgate("audit", host, "--history", "--format", "jsonl", "--shard", f"{i}/2", "--jobs", "1")
        assert proc.returncode in (0, 1), proc.stderr
        parts.append({r["location"] for r in jsonl(proc.stdout)})
    assert not parts[0] & parts[1]
    assert parts[0] | parts[1] == full


def test_progress_bar_on_a_terminal(host):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "spamgate", "audit", str(host), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out, _ = proc.communicate(timeout=60)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    assert proc.returncode == 1
    assert b"3/3 repositories, 1 with spam" in err


def test_usage_errors(host, tmp_path):
    assert spamgate("audit", host, "--shard", "3/2").returncode == 2
    assert spamgate("audit", host, "--jobs", "0").returncode == 2
    proc = spamgate("audit", tmp_path / "missing")
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    (tmp_path / "empty").mkdir()
    proc = spamgate("audit", tmp_path / "empty")
    assert proc.returncode == 2 and "no repositories" in proc.stderr


def test_one_bare_repository_and_a_clean_host(host):
    proc = spamgate("audit", host / "bob" / "tools.git")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Audited 1 repository: 0 with spam (0 wikis), 0 errors."


# -- what an audit must not report clean, and how it ends ---------------------------------------

def _spam_repository(root, owner: str, name: str, tmp, wiki: bool = False):
    repo = create_repo(root, owner, name, wiki=wiki)
    work = clone_work(tmp, f"work-{owner}-{name}")
    commit_file(work, "Home.md", "# Home\n\nNotes.\n", "Add Home")
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, "Add " + SPAM_TITLE)
    assert push(work, repo, "HEAD:refs/heads/main").returncode == 0
    return repo


@pytest.mark.parametrize("history", [False, True], ids=["heads", "history"])
def test_repositories_with_a_missing_object_are_errors_not_clean(tmp_path, history):
    root = tmp_path / "repositories"
    for n in range(5):
        repo = create_repo(root, f"owner{n}", "broken")
        work = clone_work(tmp_path, f"work{n}")
        commit_file(work, "notes.md", f"# Notes {n}\n\nNothing to see.\n", "Add notes")
        assert push(work, repo, "HEAD:refs/heads/main").returncode == 0
        blob = git("rev-parse", "HEAD:notes.md", cwd=work).strip()
        (repo / "objects" / blob[:2] / blob[2:]).unlink()  # corruption, or a half-copied repository
    proc = spamgate("audit", root, "--jobs", "1", *(["--history"] if history else []))
    assert proc.returncode == 2, proc.stdout
    errors = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 5 and all("missing" in line for line in errors), proc.stdout
    assert proc.stdout.splitlines()[-1] == "Audited 5 repositories: 0 with spam (0 wikis), 5 errors."


def test_symlinked_owner_and_repository_directories_are_followed_once(tmp_path):
    root = tmp_path / "repositories"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    _spam_repository(elsewhere, "alice", "blog", tmp_path, wiki=True)
    tools = _spam_repository(elsewhere, "bob", "tools", tmp_path)
    (root / "alice").symlink_to(elsewhere / "alice")  # an owner directory on another disk
    (root / "bob").mkdir()
    (root / "bob" / "tools.git").symlink_to(tools)  # one repository linked in
    (root / "carol").symlink_to(root / "alice")  # the same repositories again
    (root / "dave").mkdir()
    (root / "dave" / "loop.git").symlink_to(root / "dave" / "loop.git")  # a link to itself
    (root / "erin").symlink_to(root)  # a loop back to the root
    proc = spamgate("audit", root, "--jobs", "1")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = [line.split(":")[0] for line in proc.stdout.splitlines() if ": spam (" in line]
    assert found == ["alice/blog.wiki.git", "bob/tools.git"]
    assert proc.stdout.splitlines()[-1] == "Audited 2 repositories: 2 with spam (1 wiki), 0 errors."


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_within_a_second_and_prints_what_was_audited(tmp_path, jobs):
    import shutil
    import signal
    import time

    root = tmp_path / "repositories"
    first = _spam_repository(root, "owner00", "site", tmp_path)
    work = clone_work(tmp_path, "filler")
    fast_import(work, [("Import notes", {f"notes/{n}.md": filler_page(n, 20_000) for n in range(200)})])
    assert push(work, first, "HEAD:refs/heads/notes").returncode == 0
    for n in range(1, 40):
        shutil.copytree(first, root / f"owner{n:02d}" / "site.git", symlinks=True)
    proc = subprocess.Popen([sys.executable, "-m", "spamgate", "audit", str(root), "--jobs", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(2.5)
    assert proc.poll() is None, "the audit ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    start = time.monotonic()
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 1.0
    assert proc.returncode == 130
    out, err = out.decode(), err.decode()
    done = [line for line in out.splitlines() if ": spam (" in line]
    assert 0 < len(done) < 40, out
    assert out.splitlines()[-1] == f"Audited {len(done)} repositories: {len(done)} with spam (0 wikis), 0 errors."
    assert err == f"spamgate audit: interrupted after {len(done)} of 40 repositories\n"
    assert "Traceback" not in err
