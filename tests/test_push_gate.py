"""The push gate holds: what a push brings is judged, or refused, or queued for the audit.

Every push here goes over ``git daemon`` on 127.0.0.1 into repositories laid
out as Gitea lays them out, through Gitea's dispatcher and the hook ``spamgate
gitea install`` writes.  A wiki refuses what it cannot judge; another
repository accepts it, queues it, and ``spamgate audit --queue`` reports it.
"""
from __future__ import annotations

import threading

import pytest

from gitea_layout import (SPAM_ARTICLE, Host, clone_work, commit_file, fast_import, filler_page,
                          host, remote_lines)  # noqa: F401 (host: the fixture)
from support import git

# A page the rules rate suspicious under a plain name and spam under a clickbait title.
PROMOTED = ("Introduction\n\nIn the realm of natural language processing, FooBERT has emerged as a compact "
            "language model. Teams use FooBERT to classify support tickets, and the FooBERT tokenizer handles "
            "rare words well.\n\n"
            "If you loved this article and you would like to get more info about FooBERT kindly visit our own "
            "web-site https://bit.ly/3xFoo.\n")


def refused_for_spam(proc, path: str | None = None) -> None:
    lines = remote_lines(proc)
    assert proc.returncode != 0, proc.stderr
    assert lines and lines[0].startswith("spamgate: push refused:") and lines[0].endswith("looks like spam"), lines
    if path is not None:
        assert f'"{path}"' in lines[0], lines[0]


def drain(host: Host, capsys) -> tuple[int, str]:
    """``spamgate audit --queue``, in this process."""
    from spamgate.hooks.audit import main

    capsys.readouterr()
    status = main(["--queue", "--config", str(host.config)])
    return status, capsys.readouterr().out


def caught(host: Host, proc, repo, capsys, path: str) -> None:
    """Refused for spam, or (a repository that is no wiki) accepted, queued, and then reported by the audit."""
    if proc.returncode != 0:
        refused_for_spam(proc)
        return
    assert not repo.name.endswith(".wiki.git"), proc.stderr
    assert "it is kept for a later check" in remote_lines(proc)[0], proc.stderr
    status, out = drain(host, capsys)
    assert status == 1, out
    assert f"  {path} in commit " in out and ": spam, score " in out, out


# -- item 1: a crash in the scheduler ---------------------------------------------------------

def test_title_like_name_with_a_percent_sign_is_judged(host, tmp_path):
    repo = host.repo("ann", "tools")
    work = clone_work(tmp_path)
    commit_file(work, "Release-Notes-For-Version%202.md", SPAM_ARTICLE, "Add release notes")
    refused_for_spam(host.push(work, repo), "Release-Notes-For-Version%202.md")


# -- item 2: what is not finished, large, undecodable or binary-looking -----------------------------

def _filler_push(work, pages: int, title_like: bool, spam_path: str) -> None:
    names = (lambda n: f"How-To-Tune-The-Build-Step-{n}.md") if title_like else (lambda n: f"notes/step-{n}.md")
    fast_import(work, [("Import the build notes", {names(n): filler_page(n, 60_000) for n in range(pages)}),
                       ("Add a page", {spam_path: SPAM_ARTICLE.encode()})])


def test_spam_with_a_title_like_name_is_judged_first_amid_filler(host, tmp_path):
    host.configure("time_budget = 1\n")
    wiki = host.repo("bea", "handbook", wiki=True)
    work = clone_work(tmp_path)
    _filler_push(work, 400, False, "The-Secret-Of-FooBERT.md")  # 24 MB of plain pages, then the spam
    refused_for_spam(host.push(work, wiki), "The-Secret-Of-FooBERT.md")


def test_a_wiki_refuses_a_push_it_cannot_judge_in_time(host, tmp_path):
    host.configure("time_budget = 0.5\n")  # far too little for 24 MB
    wiki = host.repo("bea", "handbook", wiki=True)
    work = clone_work(tmp_path)
    _filler_push(work, 400, True, "notes-17.md")  # title-like filler first: the spam is left for last
    proc = host.push(work, wiki)
    lines = remote_lines(proc)
    assert proc.returncode != 0
    assert lines[0].startswith("spamgate: push refused: ") and "could not be checked for spam" in lines[0], lines
    assert "(the time budget of 0.5 s ran out)" in lines[0]
    assert lines[1] == "spamgate:   this wiki accepts only pushes it can check in full; try again, or push less at a time"
    assert host.queued() == []
    record = host.log_records()[-1]
    assert record["decision"] == "refused" and record["reason"] == "unjudged" and record["unjudged"]["count"] > 0


def test_a_repository_queues_what_it_cannot_judge_and_the_audit_reports_it(host, tmp_path, capsys):
    host.configure("time_budget = 0.5\n")
    repo = host.repo("bea", "site")
    work = clone_work(tmp_path)
    _filler_push(work, 400, True, "notes-17.md")
    tip = git("rev-parse", "HEAD", cwd=work).strip()
    proc = host.push(work, repo)
    assert proc.returncode == 0, proc.stderr
    assert "could not be checked for spam (the time budget of 0.5 s ran out); it is kept for a later check" in \
        remote_lines(proc)[0]
    [queued] = host.queued()
    assert queued["repository_path"] == str(repo) and queued["refs"] == [
        {"ref": "refs/heads/main", "old": "0" * 40, "new": tip}]
    paths = {item["path"] for item in queued["items"]} | {r["new"] for r in queued["ranges"]}
    assert "notes-17.md" in paths or tip in paths
    assert host.log_records()[-1]["queued"]
    status, out = drain(host, capsys)
    assert status == 1, out
    assert "  notes-17.md in commit " in out and ": spam, score " in out
    assert host.queued() == []
    audited = host.log_records()[-1]
    assert audited["decision"] == "audited" and audited["reason"] == "spam"
    assert audited["documents"][0]["path"] == "notes-17.md"
    assert drain(host, capsys)[0] == 0  # the queue is empty


def test_thousand_commits_with_long_messages_do_not_hide_spam(host, tmp_path, capsys):
    host.configure("time_budget = 1\n")
    repo = host.repo("cid", "log")
    work = clone_work(tmp_path)
    message = "Update the build notes\n\n" + filler_page(0, 20_000).decode()
    fast_import(work, [(f"{message}\nStep {n}.", {f"notes/{n % 40}.txt": b"step %d\n" % n}) for n in range(1000)]
                + [("Add a page", {"notes-17.md": SPAM_ARTICLE.encode()})])
    caught(host, host.push(work, repo), repo, capsys, "notes-17.md")


def test_twelve_concurrent_spam_pushes_are_refused(host, tmp_path):
    host.configure("time_budget = 4\n")  # the default budget
    pushes = []
    for n in range(12):
        wiki = host.repo(f"spammer{n}", "wiki", wiki=True)
        work = clone_work(tmp_path, f"work{n}")
        fast_import(work, [("Add The Secret Of FooBERT", {"The-Secret-Of-FooBERT.md": SPAM_ARTICLE.encode(),
                                                         **{f"step-{k}.md": filler_page(k, 60_000) for k in range(40)}})])
        pushes.append((work, wiki))
    host.push(*pushes[0][:1], host.repo("warm", "up"))  # the daemon is up before the race
    results = [None] * len(pushes)

    def one(n):
        results[n] = host.push(*pushes[n])

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(pushes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for proc in results:
        refused_for_spam(proc, "The-Secret-Of-FooBERT.md")


@pytest.mark.parametrize("variant", ["padded", "invalid-byte", "nul-in-comment"])
def test_a_page_that_is_not_plain_small_text_is_judged(host, tmp_path, variant):
    wiki = host.repo("dot", "notes", wiki=True)
    work = clone_work(tmp_path)
    head, closer = SPAM_ARTICLE.rsplit("\n\n", 1)
    content = {
        "padded": (head + "\n\n<!--" + " " * 2_000_000 + "-->\n\n" + closer).encode(),
        "invalid-byte": SPAM_ARTICLE.encode().replace(b"FooBERT\n", b"FooBERT\n\xe9\n", 1),
        "nul-in-comment": (head + "\n\n<!-- \x00 -->\n\n" + closer).encode(),
    }[variant]
    (work / "The-Secret-Of-FooBERT.md").write_bytes(content)
    git("add", ".", cwd=work)
    git("commit", "-q", "-m", "Add a page", cwd=work)
    proc = host.push(work, wiki)
    refused_for_spam(proc, "The-Secret-Of-FooBERT.md")
    text = "\n".join(remote_lines(proc))
    if variant == "padded":
        assert "2,000," in text and "over the size limit: scanned" in text
        line = content[:content.index(b"If you loved")].count(b"\n") + 1
        assert f"The-Secret-Of-FooBERT.md:{line}:1: SG201" in text  # the closer, placed in the file
    if variant == "invalid-byte":
        assert "1 invalid byte sequence read as U+FFFD" in text


# -- item 3: content that moves --------------------------------------------------------------

def test_a_page_renamed_to_a_clickbait_title_is_judged_under_its_new_name(host, tmp_path):
    wiki = host.repo("eve", "docs", wiki=True)
    work = clone_work(tmp_path)
    commit_file(work, "notes.md", PROMOTED, "Add notes")
    assert host.push(work, wiki).returncode == 0  # suspicious under a plain name
    git("mv", "notes.md", "The-Secret-Of-FooBERT.md", cwd=work)
    git("commit", "-q", "-m", "Rename notes", cwd=work)
    refused_for_spam(host.push(work, wiki), "The-Secret-Of-FooBERT.md")


def test_spam_moved_after_a_push_that_timed_out_is_judged(host, tmp_path, capsys):
    host.configure("time_budget = 0.001\n")
    repo = host.repo("eve", "site")
    work = clone_work(tmp_path)
    commit_file(work, "draft.md", SPAM_ARTICLE, "Add a draft")
    proc = host.push(work, repo)
    assert proc.returncode == 0 and "it is kept for a later check" in remote_lines(proc)[0], proc.stderr
    [queued] = host.queued()
    assert queued["items"] == [] and len(queued["ranges"]) == 1  # not even listed: the whole range
    host.configure()
    status, out = drain(host, capsys)
    assert status == 1 and "  draft.md in commit " in out, out
    (work / "docs").mkdir()
    git("mv", "draft.md", "docs/The-Secret-Of-FooBERT.md", cwd=work)
    git("commit", "-q", "-m", "Move the draft", cwd=work)
    refused_for_spam(host.push(work, repo), "docs/The-Secret-Of-FooBERT.md")


# -- item 4: messages ------------------------------------------------------------------------

def test_an_annotated_tag_message_is_judged_as_an_article(host, tmp_path):
    repo = host.repo("fay", "lib")
    work = clone_work(tmp_path)
    commit_file(work, "README.md", "# Lib\n\nA small library.\n", "Add README")
    assert host.push(work, repo).returncode == 0
    git("tag", "-a", "v1.0", "-m", "The Secret Of FooBERT\n\n" + SPAM_ARTICLE.split("\n", 2)[2], cwd=work)
    tag = git("rev-parse", "v1.0", cwd=work).strip()
    proc = host.push(work, repo, "refs/tags/v1.0")
    assert proc.returncode != 0
    assert remote_lines(proc)[0] == f"spamgate: push refused: the message of tag {tag[:12]} looks like spam"


# -- item 5: skipped refs --------------------------------------------------------------------

def test_objects_first_pushed_to_a_skipped_ref_are_judged_on_a_branch(host, tmp_path):
    repo = host.repo("gus", "app")
    work = clone_work(tmp_path)
    commit_file(work, "README.md", "# App\n", "Add README")
    assert host.push(work, repo).returncode == 0
    commit_file(work, "The-Secret-Of-FooBERT.md", SPAM_ARTICLE, "Add a page")
    assert host.push(work, repo, "HEAD:refs/pull/1/head").returncode == 0  # skipped: pull-request heads
    refused_for_spam(host.push(work, repo, "HEAD:refs/heads/main"), "The-Secret-Of-FooBERT.md")
    assert git("rev-parse", "refs/heads/main", cwd=repo).strip() != git("rev-parse", "HEAD", cwd=work).strip()


# -- done means: a legitimate import goes through ------------------------------------------------

def test_a_legitimate_two_thousand_commit_import_is_accepted(host, tmp_path):
    # The budget leaves room for a loaded machine: this is about the verdict, not the time
    # (benchmarks/gate.py measures the same import under the default budget).
    host.configure("time_budget = 30\n")
    repo = host.repo("hal", "import")
    work = clone_work(tmp_path)
    fast_import(work, [(f"Update the build notes, step {n}\n\nRun the unit tests, then the integration tests.",
                        {f"notes/step-{n % 50}.md": filler_page(n, 800), f"src/step_{n % 30}.py": b"STEP = %d\n" % n})
                       for n in range(2000)])
    proc = host.push(work, repo)
    assert proc.returncode == 0, proc.stderr
    assert remote_lines(proc) == [], proc.stderr  # judged in full: nothing queued
    assert git("rev-list", "--count", "refs/heads/main", cwd=repo).strip() == "2000"
    assert host.queued() == [] and host.log_records() == []
