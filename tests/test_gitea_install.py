"""``spamgate gitea install|uninstall|check`` on a repository root laid out as Gitea lays it out."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from gitea_layout import (SPAM_ARTICLE, SPAM_TITLE, clone_work, commit_file, create_repo, gitea_env, push,
                          remote_lines)
from support import spamgate

HOOK = Path("hooks") / "pre-receive.d" / "spamgate"


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture
def gitea_root(tmp_path):
    root = tmp_path / "gitea-repositories"
    for owner, name, wiki in [("alice", "blog", False), ("alice", "blog", True), ("bob", "tools", False)]:
        create_repo(root, owner, name, wiki=wiki)
    config = tmp_path / "spamgate.toml"
    config.write_text('contact = "Ask the admins at admin@example.invalid"\n')
    return root, config


def test_install_check_idempotent_and_uninstall(gitea_root, tmp_path):
    root, config = gitea_root
    template = tmp_path / "git-template"
    before = tree(root)
    proc = spamgate("gitea", "--check", "--repositories", root)
    assert proc.returncode == 1
    assert "missing: alice/blog.git" in proc.stdout and "missing: alice/blog.wiki.git" in proc.stdout

    proc = spamgate("gitea", "install", "--repositories", root, "--template-dir", template, "--config", config)
    assert proc.returncode == 0, proc.stderr
    assert "4 installed, 0 updated, 0 already up to date." in proc.stdout
    assert "[git.config]" in proc.stdout and f"init.templateDir = {template.resolve()}" in proc.stdout
    for repo in ("alice/blog.git", "alice/blog.wiki.git", "bob/tools.git"):
        hook = root / repo / HOOK
        assert os.access(hook, os.X_OK)
        text = hook.read_text()
        assert sys.executable in text and str(config.resolve()) in text
    assert (template / HOOK).is_file()
    # Gitea's own files are untouched.
    after = tree(root)
    for name, data in before.items():
        assert after[name] == data

    again = spamgate("gitea", "install", "--repositories", root, "--template-dir", template, "--config", config)
    assert again.returncode == 0
    assert "0 installed, 0 updated, 4 already up to date." in again.stdout
    assert tree(root) == after

    proc = spamgate("gitea", "check", "--repositories", root, "--config", config)
    assert proc.returncode == 0
    assert "3 of 3 places have the hook installed and current." in proc.stdout

    # A repository created later without the template is listed.
    create_repo(root, "carol", "late")
    proc = spamgate("gitea", "check", "--repositories", root)
    assert proc.returncode == 1 and proc.stdout.splitlines()[0] == "missing: carol/late.git"

    proc = spamgate("gitea", "uninstall", "--repositories", root, "--template-dir", template)
    assert proc.returncode == 0, proc.stderr
    assert "4 removed." in proc.stdout
    after_uninstall = tree(root)
    del after_uninstall[str(Path("carol/late.git") / "hooks" / "pre-receive")]
    del after_uninstall[str(Path("carol/late.git") / "hooks" / "pre-receive.d" / "gitea")]
    assert {k: v for k, v in after_uninstall.items() if not k.startswith("carol/")} == before
    assert not template.exists() or not any(template.rglob("*"))


def test_foreign_hook_file_is_left_alone(gitea_root):
    root, config = gitea_root
    mine = root / "bob" / "tools.git" / HOOK
    mine.write_text("#!/bin/sh\n# the admin's own script\nexit 0\n")
    mine.chmod(0o755)
    proc = spamgate("gitea", "install", "--repositories", root, "--config", config)
    assert proc.returncode == 1
    assert "left alone" in proc.stdout and "2 installed" in proc.stdout
    assert mine.read_text().startswith("#!/bin/sh\n# the admin's own script")
    proc = spamgate("gitea", "uninstall", "--repositories", root)
    assert mine.exists() and "2 removed." in proc.stdout
    proc = spamgate("gitea", "check", "--repositories", root)
    assert "not ours: bob/tools.git" in proc.stdout and proc.returncode == 1


def test_new_repository_from_template_refuses_spam(gitea_root, tmp_path):
    root, config = gitea_root
    template = tmp_path / "template"
    log = tmp_path / "decisions.jsonl"
    config.write_text(f'contact = "Ask the admins at admin@example.invalid"\nlog_file = "{log}"\ntime_budget = 30\n')
    proc = spamgate("gitea", "install", "--template-dir", template, "--config", config)
    assert proc.returncode == 0, proc.stderr
    # Gitea runs 'git init' with init.templateDir, then writes its own dispatcher.
    wiki = create_repo(root, "dora", "new", wiki=True, template=template)
    assert (wiki / HOOK).is_file()
    work = clone_work(tmp_path)
    commit_file(work, SPAM_TITLE.replace(" ", "-") + ".md", SPAM_ARTICLE, "Add " + SPAM_TITLE)
    proc = push(work, wiki, "HEAD:refs/heads/master", env=gitea_env("dora", "new", wiki=True))
    assert proc.returncode != 0
    assert "admin@example.invalid" in "\n".join(remote_lines(proc))
    assert log.exists()


def test_usage_errors(tmp_path):
    proc = spamgate("gitea", "install")
    assert proc.returncode == 2 and "--repositories" in proc.stderr
    proc = spamgate("gitea", "install", "--repositories", tmp_path / "nope")
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("on_unjudged = 'maybe'\n")
    proc = spamgate("gitea", "install", "--repositories", tmp_path, "--config", bad)
    assert proc.returncode == 2 and f'{bad}: on_unjudged: expected "queue" or "refuse", got "maybe"' in proc.stderr
    assert spamgate("gitea").returncode == 2


def test_the_readme_manual_wrapper_counts_as_installed(gitea_root, tmp_path):
    """The wrapper README.md tells an admin to write by hand is seen as installed, left alone by
    install and uninstall, and refuses spam."""
    import re

    from support import ROOT

    root, config = gitea_root
    readme = (ROOT / "README.md").read_text()
    [wrapper] = re.findall(r"tee hooks/pre-receive\.d/spamgate >/dev/null <<'EOF'\n(.*?)\nEOF\n", readme, re.S)
    wrapper = wrapper.replace("/opt/spamgate/bin/python", sys.executable).replace("/etc/spamgate.toml", str(config))
    for repo in ("alice/blog.git", "alice/blog.wiki.git", "bob/tools.git"):
        hook = root / repo / HOOK
        hook.write_text(wrapper + "\n")
        hook.chmod(0o755)
    proc = spamgate("gitea", "check", "--repositories", root)
    assert proc.returncode == 0, proc.stdout
    assert "installed by hand: alice/blog.wiki.git" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "3 of 3 places have the hook installed and current."
    proc = spamgate("gitea", "install", "--repositories", root, "--config", config)
    assert proc.returncode == 0, proc.stdout
    assert "0 installed, 0 updated, 3 already up to date." in proc.stdout
    assert (root / "bob/tools.git" / HOOK).read_text() == wrapper + "\n"
    work = clone_work(tmp_path)
    commit_file(work, SPAM_TITLE.replace(" ", "-") + ".md", SPAM_ARTICLE, "Add " + SPAM_TITLE)
    proc = push(work, root / "alice/blog.wiki.git", "HEAD:refs/heads/master", env=gitea_env("alice", "blog", wiki=True))
    assert proc.returncode != 0 and "looks like spam" in remote_lines(proc)[0]
    # A hand-written hook whose interpreter is gone does not count.
    (root / "bob/tools.git" / HOOK).write_text(wrapper.replace(sys.executable, "/nonexistent/python") + "\n")
    proc = spamgate("gitea", "check", "--repositories", root)
    assert proc.returncode == 1 and "not ours: bob/tools.git" in proc.stdout
