"""``spamgate pre-receive`` on real bare repositories laid out as Gitea lays them out.

Pushes go over the local transport with GITEA_* variables set, through the
dispatcher in hooks/pre-receive and the wrapper ``spamgate gitea install`` writes.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gitea_layout import (MULTILINGUAL, SPAM_ARTICLE, SPAM_TITLE, clone_work, commit_file, fast_import_commits,
                          gitea_env, host, push, remote_lines)  # noqa: F401 (host: the fixture)
from support import git

SPAM_PAGE = SPAM_TITLE.replace(" ", "-") + ".md"
SPAM_SUBJECT = "Add " + SPAM_TITLE


def spam_work(tmp: Path, name: str = "work", object_format: str | None = None) -> Path:
    work = clone_work(tmp, name, object_format)
    commit_file(work, "Home.md", "# Home\n\nWelcome to the project wiki.\n", "Initial Home page")
    return work


def ref_exists(bare: Path, ref: str) -> bool:
    return git("rev-parse", "-q", "--verify", ref, cwd=bare, check=False).strip() != ""


def run_hook(bare: Path, stdin: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``spamgate pre-receive`` directly in a bare repository, as git would."""
    proc = subprocess.run([sys.executable, "-m", "spamgate", "pre-receive", *args], cwd=bare,
                          input=stdin.encode(), env=env or dict(os.environ), capture_output=True)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def test_spam_wiki_page_is_refused_with_reason_and_logged(host, tmp_path):
    wiki = host.repo("alice", "project", wiki=True)
    work = spam_work(tmp_path)
    assert push(work, wiki, "HEAD:refs/heads/master", env=gitea_env("alice", "project", wiki=True)).returncode == 0
    spam = commit_file(work, SPAM_PAGE, SPAM_ARTICLE, SPAM_SUBJECT)
    proc = push(work, wiki, "HEAD:refs/heads/master", env=gitea_env("alice", "project", wiki=True))
    assert proc.returncode != 0
    lines = remote_lines(proc)
    # The first block: what, where, why and whom to ask.
    assert lines[0].startswith("spamgate: push refused: wiki page")
    assert SPAM_PAGE in lines[0] and spam[:12] in lines[0]
    assert "verdict spam" in lines[1]
    assert any("abuse@git.example.invalid" in line for line in lines[:4])
    assert "spamgate: details:" in lines
    assert git("rev-parse", "refs/heads/master", cwd=wiki).strip() != spam
    # No raw look-alike letters reach the pusher: they are shown as code points.
    assert "\u043e" not in proc.stderr and "<U+" in proc.stderr
    [record] = host.log_records()
    assert record["decision"] == "refused" and record["reason"] == "spam"
    assert record["repository"] == "alice/project" and record["wiki"] is True
    assert record["pusher"] == {"name": "mallory", "id": "42", "email": "mallory@example.invalid"}
    assert record["refs"][0]["ref"] == "refs/heads/master" and record["refs"][0]["new"] == spam
    assert record["verdict"] == "spam" and record["score"] >= 10
    assert record["documents"][0]["path"] == SPAM_PAGE
    assert record["findings"] and record["time"].endswith("Z")


def test_legitimate_multilingual_push_is_accepted(host, tmp_path):
    bare = host.repo("bob", "docs")
    work = clone_work(tmp_path)
    commit_file(work, "README.md", MULTILINGUAL, "Добавить README на нескольких языках")
    commit_file(work, "src/main.py", "print('Grüße, мир, κόσμε')\n", "Add greeting")
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("bob", "docs"))
    assert proc.returncode == 0, proc.stderr
    assert remote_lines(proc) == []  # a clean push hears nothing from the hook
    assert ref_exists(bare, "refs/heads/main")
    assert all(r["decision"] != "refused" for r in host.log_records())


def test_branch_creation_tags_deletion_and_force_push(host, tmp_path):
    bare = host.repo("carol", "tool")
    env = gitea_env("carol", "tool", pusher="carol")
    work = clone_work(tmp_path)
    commit_file(work, "notes.txt", "First notes.\n", "Add notes")
    assert push(work, bare, "HEAD:refs/heads/main", env=env).returncode == 0
    # A new branch pointing at an existing commit adds nothing to scan.
    assert push(work, bare, "HEAD:refs/heads/feature", env=env).returncode == 0
    # A lightweight and an annotated tag.
    git("tag", "v1.0", cwd=work)
    git("tag", "-a", "v1.1", "-m", "Release 1.1: faster start-up", cwd=work)
    proc = push(work, bare, "refs/tags/v1.0", "refs/tags/v1.1", env=env)
    assert proc.returncode == 0 and remote_lines(proc) == [], proc.stderr
    assert ref_exists(bare, "refs/tags/v1.1")
    # Deletion: nothing to scan.
    proc = push(work, bare, ":refs/heads/feature", env=env)
    assert proc.returncode == 0, proc.stderr
    assert not ref_exists(bare, "refs/heads/feature")
    # A force push of rewritten history.
    git("commit", "-q", "--amend", "-m", "Add notes (reworded)", cwd=work)
    proc = push(work, bare, "+HEAD:refs/heads/main", env=env)
    assert proc.returncode == 0, proc.stderr
    assert git("rev-parse", "refs/heads/main", cwd=bare) == git("rev-parse", "HEAD", cwd=work)


def test_force_push_adding_spam_is_refused(host, tmp_path):
    bare = host.repo("carol", "site")
    env = gitea_env("carol", "site")
    work = clone_work(tmp_path)
    commit_file(work, "index.md", "# Site\n\nHello.\n", "Add index")
    assert push(work, bare, "HEAD:refs/heads/main", env=env).returncode == 0
    git("reset", "-q", "--hard", "HEAD", cwd=work)
    (work / "index.md").write_text(SPAM_ARTICLE)
    git("commit", "-q", "-a", "--amend", "-m", SPAM_SUBJECT, cwd=work)
    proc = push(work, bare, "+HEAD:refs/heads/main", env=env)
    assert proc.returncode != 0
    assert "index.md" in remote_lines(proc)[0]


def test_thousand_commit_push_is_scanned_and_accepted(host, tmp_path):
    bare = host.repo("dave", "big")
    work = clone_work(tmp_path)
    fast_import_commits(work, 1000)
    git("checkout", "-q", "main", cwd=work)
    start = time.monotonic()
    proc = push(work, bare, "refs/heads/main:refs/heads/main", env=gitea_env("dave", "big"))
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    assert not any("time budget" in line for line in remote_lines(proc)), proc.stderr
    assert git("rev-list", "--count", "refs/heads/main", cwd=bare).strip() == "1000"
    assert elapsed < 30


def test_many_refs_in_one_push_with_one_spam_branch(host, tmp_path):
    bare = host.repo("erin", "many")
    work = clone_work(tmp_path)
    commit_file(work, "a.txt", "alpha\n", "Add a")
    for n in range(150):
        git("branch", f"topic-{n}", cwd=work)
    git("checkout", "-q", "-b", "spammy", cwd=work)
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, SPAM_SUBJECT)
    env = gitea_env("erin", "many")
    proc = push(work, bare, "refs/heads/*:refs/heads/*", env=env)
    assert proc.returncode != 0
    assert SPAM_PAGE in remote_lines(proc)[0]
    [record] = host.log_records()
    assert record["ref_count"] == 152
    git("checkout", "-q", "main", cwd=work)
    git("branch", "-D", "spammy", cwd=work)
    assert push(work, bare, "refs/heads/*:refs/heads/*", env=env).returncode == 0
    assert ref_exists(bare, "refs/heads/topic-149")


def test_sha256_repository(host, tmp_path):
    bare = host.repo("frank", "modern", object_format="sha256")
    env = gitea_env("frank", "modern")
    work = clone_work(tmp_path, object_format="sha256")
    commit_file(work, "README.md", MULTILINGUAL, "Add README")
    assert push(work, bare, "HEAD:refs/heads/main", env=env).returncode == 0
    spam = commit_file(work, SPAM_PAGE, SPAM_ARTICLE, SPAM_SUBJECT)
    assert len(spam) == 64
    proc = push(work, bare, "HEAD:refs/heads/main", env=env)
    assert proc.returncode != 0
    assert spam[:12] in remote_lines(proc)[0]


def test_submodule_and_binary_blobs_are_skipped_and_a_large_page_is_judged_by_its_ends(host, tmp_path):
    host.configure("max_blob_size = 2000\nwindow_size = 4096\n")
    bare = host.repo("gina", "mixed")
    work = clone_work(tmp_path)
    commit_file(work, "README.md", "# Mixed\n", "Add README")
    head = git("rev-parse", "HEAD", cwd=work).strip()
    git("update-index", "--add", "--cacheinfo", f"160000,{head},vendor/lib", cwd=work)
    (work / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40 + SPAM_ARTICLE.encode())
    (work / "large.md").write_text(MULTILINGUAL + "\nPlain closing words.\n" * 3000)
    git("add", "image.bin", "large.md", cwd=work)
    git("commit", "-q", "-m", "Add submodule, image and a large page", cwd=work)
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("gina", "mixed"))
    assert proc.returncode == 0, proc.stderr
    assert remote_lines(proc) == []  # judged in full: nothing queued, nothing to say
    assert host.queued() == []


def test_time_budget_exhaustion_refuses_when_configured(host, tmp_path):
    host.configure("time_budget = 0.001\non_unjudged = \"refuse\"\n")
    bare = host.repo("hank", "slow")
    work = clone_work(tmp_path)
    commit_file(work, "README.md", "# Slow\n\nA perfectly ordinary page.\n", "Add README")
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("hank", "slow"))
    assert proc.returncode != 0
    lines = remote_lines(proc)
    assert lines[0] == "spamgate: push refused: this push could not be checked for spam (the time budget of 0.001 s ran out)"
    assert "abuse@git.example.invalid" in "\n".join(lines)
    assert host.log_records()[-1]["reason"] == "unjudged"
    assert host.queued() == []


def test_time_budget_exhaustion_queues_by_default(host, tmp_path):
    host.configure("time_budget = 0.001\n")
    bare = host.repo("hank", "slow")
    work = clone_work(tmp_path)
    commit = commit_file(work, "README.md", "# Slow\n\nA perfectly ordinary page.\n", "Add README")
    start = time.monotonic()
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("hank", "slow"))
    assert proc.returncode == 0, proc.stderr
    assert remote_lines(proc)[0].startswith("spamgate: push accepted: this push could not be checked for spam "
                                            "(the time budget of 0.001 s ran out); it is kept for a later check")
    assert time.monotonic() - start < 10
    assert ref_exists(bare, "refs/heads/main")
    [queued] = host.queued()
    assert queued["repository_path"] == str(bare) and queued["ranges"] == [
        {"ref": "refs/heads/main", "old": "0" * 40, "new": commit}]
    record = host.log_records()[-1]
    assert record["decision"] == "accepted" and record["reason"] == "unjudged" and record["queued"]


def test_exempt_pusher_repository_pull_refs_and_internal_pushes(host, tmp_path):
    host.configure('exempt_pushers = ["Trusted-Bot"]\nexempt_repositories = ["docs/*"]\n')
    bare = host.repo("ivy", "app")
    docs = host.repo("docs", "handbook")
    work = spam_work(tmp_path)
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, SPAM_SUBJECT)
    assert push(work, bare, "HEAD:refs/heads/main", env=gitea_env("ivy", "app")).returncode != 0
    assert push(work, bare, "HEAD:refs/heads/main", env=gitea_env("ivy", "app", pusher="trusted-bot")).returncode == 0
    assert push(work, docs, "HEAD:refs/heads/main", env=gitea_env("docs", "handbook")).returncode == 0
    # refs/pull/* is skipped by default: Gitea writes pull-request heads there.
    assert push(work, bare, "HEAD:refs/pull/3/head", env=gitea_env("ivy", "app")).returncode == 0
    assert push(work, bare, "HEAD:refs/heads/other",
                env=gitea_env("ivy", "app", GITEA_INTERNAL_PUSH="true")).returncode == 0


def test_pushed_config_and_inline_suppressions_change_nothing(host, tmp_path):
    bare = host.repo("jack", "sneaky")
    work = clone_work(tmp_path)
    codes = ", ".join(f"SG{n}" for n in range(100, 1000))
    (work / ".spamgate.toml").write_text('exclude = ["**"]\nignore = ["SG"]\n')
    (work / "pyproject.toml").write_text('[tool.spamgate]\nexclude = ["**"]\nignore = ["SG"]\n')
    commit_file(work, SPAM_PAGE, f"<!-- spamgate: ignore-file[{codes}] -->\n" + SPAM_ARTICLE, SPAM_SUBJECT)
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("jack", "sneaky"))
    assert proc.returncode != 0
    assert SPAM_PAGE in remote_lines(proc)[0]


def test_hostile_path_names_reach_the_pusher_escaped(host, tmp_path):
    bare = host.repo("kim", "paths")
    work = clone_work(tmp_path)
    name = "evil\u202e\x1b[2Jdm.md"
    commit_file(work, name, SPAM_ARTICLE, SPAM_SUBJECT)
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("kim", "paths"))
    assert proc.returncode != 0
    assert "\u202e" not in proc.stderr and "\x1b" not in proc.stderr
    assert "evil<U+202E><U+001B>[2Jdm.md" in remote_lines(proc)[0]


def test_warn_mode_accepts_and_logs(host, tmp_path):
    host.configure('mode = "warn"\n')
    bare = host.repo("lee", "trial")
    work = clone_work(tmp_path)
    commit_file(work, SPAM_PAGE, SPAM_ARTICLE, SPAM_SUBJECT)
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("lee", "trial"))
    assert proc.returncode == 0, proc.stderr
    assert "warning mode" in remote_lines(proc)[0]
    assert host.log_records()[-1]["decision"] == "warned"


# -- run directly, as git runs it -----------------------------------------------------------

def unreachable_spam_commit(bare: Path) -> str:
    """A spam commit stored in ``bare`` but on no ref, as objects are during a push."""
    blob = git("hash-object", "-w", "--stdin", cwd=bare, input=SPAM_ARTICLE.encode()).strip()
    tree = git("mktree", cwd=bare, input=f"100644 blob {blob}\t{SPAM_PAGE}\n".encode()).strip()
    return git("commit-tree", tree, "-m", SPAM_SUBJECT, cwd=bare).strip()


def snapshot(path: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(path.rglob("*"))}


def test_gitlab_prefix_and_never_writes_inside_the_repository(host, tmp_path):
    bare = host.repo("mia", "lab")
    commit = unreachable_spam_commit(bare)
    host.configure(f'log_file = "{bare / "spamgate.log"}"\n')
    before = snapshot(bare)
    proc = run_hook(bare, f"{'0' * 40} {commit} refs/heads/main\n", "--gitlab", "--config", str(host.config))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines and all(line.startswith("GL-HOOK-ERR: spamgate:") for line in lines)
    assert lines[-1] == "GL-HOOK-ERR: spamgate: warning: the server could not write its decision log"
    assert str(bare) not in proc.stderr  # no server path reaches the pusher
    assert snapshot(bare) == before


def test_git_failure_is_unjudged_content(host, tmp_path):
    bare = host.repo("nia", "broken")
    missing = "1234567890abcdef" * 2 + "12345678"
    line = f"{'0' * 40} {missing} refs/heads/main\n"
    proc = run_hook(bare, line, "--config", str(host.config))
    assert proc.returncode == 0
    assert proc.stderr.startswith("spamgate: push accepted: this push could not be checked for spam "
                                  f"(object {missing} is not in the repository)")
    record = host.log_records()[-1]
    assert record["reason"] == "unjudged" and record["decision"] == "accepted" and missing in record["error"]
    assert [q["ranges"][0]["new"] for q in host.queued()] == [missing]
    host.configure('on_unjudged = "refuse"\n')
    proc = run_hook(bare, line, "--config", str(host.config))
    assert proc.returncode == 1
    assert proc.stderr.startswith("spamgate: push refused: this push could not be checked") and \
        "abuse@git.example.invalid" in proc.stderr


def test_malformed_and_empty_input(host, tmp_path):
    bare = host.repo("olga", "odd")
    proc = run_hook(bare, "this is not what git sends\n", "--config", str(host.config))
    assert proc.returncode == 1 and "is not '<old-id> <new-id> <ref>'" in proc.stderr
    assert host.log_records()[-1]["reason"] == "error"
    proc = run_hook(bare, "", "--config", str(host.config))
    assert proc.returncode == 0 and proc.stderr == ""
    deletion = f"{'a' * 40} {'0' * 40} refs/heads/gone\n"
    proc = run_hook(bare, deletion, "--config", str(host.config))
    assert proc.returncode == 0 and proc.stderr == ""


def test_check_config(host, tmp_path):
    bare = host.repo("pat", "conf")
    bad = tmp_path / "bad.toml"
    bad.write_text('time_budget = "soon"\n')
    proc = run_hook(bare, "", "--config", str(bad), "--check-config")
    assert proc.returncode == 2
    assert f'{bad}: time_budget: expected a positive number of seconds, at most 3600, got "soon"' in proc.stderr
    bad.write_text("timebudget = 3\n")
    proc = run_hook(bare, "", "--config", str(bad), "--check-config")
    assert proc.returncode == 2 and f"{bad}: timebudget: unknown key (did you mean time_budget?)" in proc.stderr
    env = dict(os.environ, SPAMGATE_CONFIG=str(host.config))
    proc = run_hook(bare, "", "--check-config", env=env)
    assert proc.returncode == 0 and "abuse@git.example.invalid" in proc.stdout
    assert f"# state directory in use: {host.state}" in proc.stdout


def test_pathological_document_stops_within_the_budget(host, tmp_path):
    host.configure("time_budget = 1.5\nmax_blob_size = 4000000\n")
    bare = host.repo("quinn", "heavy")
    work = clone_work(tmp_path)
    # Well over ten seconds of scanning, under the size limit.
    commit = commit_file(work, "heavy.md", "t\u04bbe " * 500_000, "Add a heavy page")
    start = time.monotonic()
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("quinn", "heavy"))
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    assert "(the time budget of 1.5 s ran out); it is kept for a later check" in remote_lines(proc)[0]
    assert elapsed < 8, elapsed
    record = host.log_records()[-1]
    assert record["reason"] == "unjudged" and record["decision"] == "accepted"
    [queued] = host.queued()
    assert commit in {queued["refs"][0]["new"]}


def test_commit_messages_are_judged_as_articles(host, tmp_path):
    bare = host.repo("rita", "msgs")
    work = clone_work(tmp_path)
    body = SPAM_ARTICLE.split("\n", 2)[2]
    commit = commit_file(work, "notes.txt", "Meeting notes.\n", SPAM_SUBJECT + "\n\n" + body)
    proc = push(work, bare, "HEAD:refs/heads/main", env=gitea_env("rita", "msgs"))
    assert proc.returncode == 1
    assert remote_lines(proc)[0] == f"spamgate: push refused: the message of commit {commit[:12]} looks like spam"
    [record] = host.log_records()
    [document] = record["documents"]
    assert document["kind"] == "commit-message" and document["commit"] == commit and document["verdict"] == "spam"
    # judged by the article checks (the title, the closer, the genre), not only by its letters
    assert any(reason.startswith(("SG2", "SG3", "SG4")) for reason in document["reasons"]), document["reasons"]


# -- configuration and safe display, in-process ----------------------------------------------

def test_config_file_values_and_errors(tmp_path):
    from spamgate.server.config import ConfigError, load, parse

    config = parse('log_file = "logs/d.jsonl"\nexempt_repositories = ["Docs/*"]\n[thresholds]\nspam = 12\n',
                   str(tmp_path / "spamgate.toml"))
    assert config.log_file == str(tmp_path / "logs" / "d.jsonl")
    assert config.thresholds.spam == 12 and config.thresholds.suspicious == 4
    assert config.repository_is_exempt(["docs/handbook"]) and not config.repository_is_exempt(["doc/x"])
    assert config.ref_is_skipped("refs/pull/12/head") and not config.ref_is_skipped("refs/heads/pull")
    for text, message in [
        ("[thresholds]\nspam = 3\nsuspicious = 5\n", "thresholds: expected suspicious at most spam"),
        ("[thresholds]\nspam = 0\n", "thresholds.spam: expected a positive number, got 0"),
        ("on_unjudged = true\n", 'on_unjudged: expected "queue" or "refuse", got true'),
        ("on_timeout = \"accept\"\n", "on_timeout: unknown key: on_timeout is no longer a setting"),
        ("exempt_pushers = \"bob\"\n", 'exempt_pushers: expected a list of user names, got "bob"'),
        ("[thresholds]\nham = 1\n", "thresholds.ham: unknown key; known keys: spam, suspicious"),
        ("time_budget = 0\n", "time_budget: expected a positive number of seconds, at most 3600, got 0"),
        ("= broken", "not valid TOML"),
    ]:
        with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
            parse(text, "x.toml")
    with pytest.raises(ConfigError, match="no such configuration file"):
        load(str(tmp_path / "absent.toml"))
    assert load(None, environ={}).time_budget == 4.0


def test_safe_display_escapes_what_could_mislead():
    from spamgate.server.safe import safe

    assert safe("plain ASCII, 100%") == "plain ASCII, 100%"
    assert safe("Gr\u00fc\u00dfe \u043c\u0438\u0440") == "Gr\u00fc\u00dfe \u043c\u0438<U+0440>"
    assert safe("a\u202eb\u2066c\x1b[0m\u200bd\u00a0e\r\n") == "a<U+202E>b<U+2066>c<U+001B>[0m<U+200B>d<U+00A0>e<U+000D><U+000A>"
    assert safe("x" * 500, limit=10).endswith("...") and len(safe("x" * 500, limit=10)) < 20


STUCK_RULE = r"""
import re, sys
import spamgate.engine

def stuck(*args, **kwargs):  # one C-level call that holds the interpreter for minutes
    re.match(r"(a+)+$", "a" * 40 + "b")

spamgate.engine.scan_document = stuck
from spamgate.hooks.pre_receive import main
sys.exit(main(sys.argv[1:]))
"""


def test_budget_holds_even_when_a_rule_never_returns(host, tmp_path):
    host.configure('time_budget = 1.5\non_unjudged = "refuse"\n')
    bare = host.repo("sam", "stuck")
    commit = unreachable_spam_commit(bare)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", STUCK_RULE, "--config", str(host.config)], cwd=bare,
                          input=f"{'0' * 40} {commit} refs/heads/main\n".encode(), capture_output=True, timeout=60)
    elapsed = time.monotonic() - start
    assert proc.returncode == 1
    assert proc.stderr.startswith(b"spamgate: push refused: this push could not be checked for spam "
                                  b"(the time budget of 1.5 s ran out)")
    assert elapsed < 6, elapsed
    assert host.log_records()[-1]["reason"] == "unjudged"
