"""Bare repositories laid out as Gitea and Forgejo lay them out, for the server tests.

``<ROOT>/<owner>/<repo>.git`` and ``<ROOT>/<owner>/<repo>.wiki.git``, each with
a dispatcher ``hooks/pre-receive`` that reads its input once and runs every
executable regular file in ``hooks/pre-receive.d/`` (in glob order) with the
same input and the inherited environment, exiting with the first non-zero
status after running them all; and ``hooks/pre-receive.d/gitea`` standing in
for Gitea's own check.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from support import git

DISPATCHER = """#!/bin/sh
# Run every executable in pre-receive.d with the same standard input.
input=$(cat)
status=0
for hook in "$(dirname "$0")/pre-receive.d"/*; do
  [ -f "$hook" ] && [ -x "$hook" ] || continue
  printf '%s\\n' "$input" | "$hook"
  rc=$?
  if [ "$status" -eq 0 ]; then status=$rc; fi
done
exit "$status"
"""

GITEA_CHECK = """#!/bin/sh
# Stand-in for Gitea's own pre-receive check: accepts everything.
cat >/dev/null
exit 0
"""

# A spam article of the genre: templated title, look-alike letters from
# several scripts, and a closing paragraph that promotes a redirect link.
SPAM_TITLE = "The Secret Of FooBERT"
SPAM_ARTICLE = """# The Secret Of FooBERT

Intrоduсtіоn

In thе rеalm оf natural languаgе prосеssing, FооBERT hаs еmеrgеd аs а rеmаrkаblе mоdеl thаt
trаnsfоrms thе wаy rеsеаrсhеrs аpprоасh tеxt сlаssіfісаtіоn. Тhis rероrt dеlvеs іntо іts
аrсhіtесturе, іts trаіnіng prосеdurе аnd thе mаny wаys іt hеlрs tеаms buіld bеttеr ɑррlісɑtіоns.

Thе mоdеl usеs а stасk оf trаnsfоrmеr ⅼаyеrs wіth аttеntіоn hеаds thаt ⅼеаrn соntехt frоm bоth
sіdеs оf а sеntеnсе. Іt іs еffісіеnt, sсаⅼаbⅼе аnd surрrіsіngⅼy еаsy tо fіnе-tunе оn smаⅼⅼ dаtаsеts.

Іn сопсⅼusіоп, FооBERT rеmаіns а рорuⅼаr сhоісе fоr mаny рrоjесts асrоss thе іndustry.

If you loved this article and you would like to get more info about [FooBERT](https://example.invalid/redirect?url=x) kindly visit our own web-site.
"""

# Legitimate multilingual text: real words of real languages, no look-alikes in Latin words.
MULTILINGUAL = """# Полезные ссылки / Useful links

Этот документ описывает сборку проекта. This document describes how to build the project.

Der Build benötigt Python 3.10 oder neuer. Ελληνικά: η τεκμηρίωση βρίσκεται στον φάκελο docs.
日本語のドキュメントは docs/ja にあります。 Türkçe: kurulum için ışık ve ağaç örneklerine bakın.
"""


def create_repo(root: Path, owner: str, name: str, wiki: bool = False, object_format: str | None = None,
                template: Path | None = None) -> Path:
    """A bare repository at ``<root>/<owner>/<name>.git`` (or ``.wiki.git``) with Gitea's hooks."""
    path = root / owner / (name + (".wiki.git" if wiki else ".git"))
    path.parent.mkdir(parents=True, exist_ok=True)
    args = ["init", "-q", "--bare"]
    if object_format:
        args.append(f"--object-format={object_format}")
    if template is not None:
        args.append(f"--template={template}")
    args.append(str(path))
    git(*args, cwd=root)
    hooks = path / "hooks"
    (hooks / "pre-receive.d").mkdir(parents=True, exist_ok=True)
    dispatcher = hooks / "pre-receive"
    dispatcher.write_text(DISPATCHER)
    dispatcher.chmod(0o755)
    check = hooks / "pre-receive.d" / "gitea"
    check.write_text(GITEA_CHECK)
    check.chmod(0o755)
    return path


def gitea_env(owner: str, name: str, wiki: bool = False, pusher: str = "mallory", pusher_id: str = "42",
              email: str | None = "mallory@example.invalid", **extra: str) -> dict:
    """The environment Gitea gives a push (merged into the current one)."""
    env = dict(os.environ)
    env.update({
        "GITEA_REPO_USER_NAME": owner,
        "GITEA_REPO_NAME": name,
        "GITEA_REPO_ID": "7",
        "GITEA_REPO_IS_WIKI": "true" if wiki else "false",
        "GITEA_PUSHER_NAME": pusher,
        "GITEA_PUSHER_ID": pusher_id,
        "GITEA_PUSH_TRIGGER": "user",
        "GITEA_ROOT_URL": "https://git.example.invalid/",
    })
    if email is not None:
        env["GITEA_PUSHER_EMAIL"] = email
    env.update(extra)
    return env


def clone_work(tmp: Path, name: str = "work", object_format: str | None = None) -> Path:
    """A fresh non-bare working repository to commit in and push from."""
    path = tmp / name
    path.mkdir(parents=True)
    args = ["init", "-q"]
    if object_format:
        args.append(f"--object-format={object_format}")
    git(*args, cwd=path)
    return path


def commit_file(work: Path, relpath: str, text: str, message: str) -> str:
    target = work / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    git("add", "--", relpath, cwd=work)
    git("commit", "-q", "-m", message, cwd=work)
    return git("rev-parse", "HEAD", cwd=work).strip()


def push(work: Path, remote: Path, *refspecs: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``git push`` over the local transport; text output, never raises."""
    proc = subprocess.run(["git", "push", "--porcelain", str(remote), *refspecs], cwd=work, env=env,
                          capture_output=True)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def remote_lines(proc: subprocess.CompletedProcess) -> list[str]:
    """The ``remote:`` lines of a push, without the prefix."""
    return [line[len("remote: "):].rstrip() for line in proc.stderr.splitlines() if line.startswith("remote: ")]


def fast_import(work: Path, commits: list[tuple[str, dict[str, bytes]]], branch: str = "refs/heads/main") -> str:
    """``commits`` (message, {path: content}) made on ``branch`` by one ``git fast-import``; the new tip."""
    parent = git("rev-parse", "-q", "--verify", branch, cwd=work, check=False).strip()
    chunks = []
    for n, (message, files) in enumerate(commits):
        msg = message.encode()
        chunks.append(b"commit %s\ncommitter Test Committer <committer@example.org> %d +0000\ndata %d\n%s\n"
                      % (branch.encode(), 1700000000 + n, len(msg), msg))
        if n == 0 and parent:
            chunks.append(b"from %s\n" % parent.encode())
        for path, data in files.items():
            chunks.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    git("fast-import", "--quiet", "--force", cwd=work, input=b"".join(chunks))
    return git("rev-parse", branch, cwd=work).strip()


FILLER = ("The build runs the unit tests first, then the integration tests against a local database. "
          "Each step writes its log to the output folder, and a failed step stops the run so that the "
          "next one does not start on a broken state. Keep the configuration in one file per environment.\n\n")


def filler_page(n: int, size: int) -> bytes:
    """A legitimate page of about ``size`` bytes, distinct for each ``n``."""
    head = f"# Step {n}\n\nNotes for step {n} of the release checklist.\n\n"
    return (head + FILLER * max(1, size // len(FILLER))).encode()


def fast_import_commits(work: Path, count: int, branch: str = "refs/heads/main", files_per_commit: int = 1) -> None:
    """``count`` commits on ``branch`` made by one ``git fast-import`` (quick even for thousands)."""
    lines = []
    mark = 0
    for n in range(count):
        mark += 1
        lines.append(f"commit {branch}")
        lines.append(f"mark :{mark}")
        lines.append(f"committer Test Committer <committer@example.org> {1700000000 + n} +0000")
        msg = f"Update build notes, step {n}\n".encode()
        lines.append(f"data {len(msg)}")
        lines.append(msg.decode())
        for k in range(files_per_commit):
            body = f"Step {n}.{k}: run the unit tests, then the integration tests.\n".encode()
            lines.append(f"M 100644 inline notes/step-{n % 50}-{k}.txt")
            lines.append(f"data {len(body)}")
            lines.append(body.decode())
        lines.append("")
    data = ("\n".join(lines) + "\n").encode()
    git("fast-import", "--quiet", cwd=work, input=data)


class GitDaemon:
    """``git daemon`` serving ``root`` on 127.0.0.1 with pushes enabled, started and stopped by a test.

    receive-pack runs each repository's hooks with the daemon's environment, as
    Gitea's SSH and HTTP front ends run them with theirs: pass the GITEA_*
    variables of the pushes it serves in ``env``.
    """

    def __init__(self, root: Path, env: dict | None = None):
        import socket
        import time

        self.root = root
        for _attempt in range(5):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            self.proc = subprocess.Popen(
                ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", "--informative-errors",
                 f"--base-path={root}", "--listen=127.0.0.1", f"--port={self.port}", str(root)],
                env=env if env is not None else dict(os.environ), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 10
            while self.proc.poll() is None and time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
                except OSError:
                    time.sleep(0.02)
            self.stop()
        raise AssertionError("git daemon did not start")

    def url(self, repo: Path) -> str:
        return f"git://127.0.0.1:{self.port}/{repo.relative_to(self.root).as_posix()}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


class Host:
    """A Gitea repository root with the hook installed in every repository: its server
    configuration, decision log and state directory, and (started on first use) a
    ``git daemon`` serving it on 127.0.0.1."""

    def __init__(self, tmp: Path, settings: str = ""):
        self.tmp = tmp
        self.root = tmp / "repositories"
        self.root.mkdir()
        self.log = tmp / "log" / "decisions.jsonl"
        self.log.parent.mkdir()
        self.state = tmp / "state"
        self.config = tmp / "spamgate.toml"
        self.configure(settings)
        self._daemon: GitDaemon | None = None

    def configure(self, settings: str = "") -> None:
        """Write the server config: ``settings`` plus defaults for the keys it leaves out."""
        defaults = {
            "contact": '"Questions? Write to abuse@git.example.invalid"',
            "log_file": f'"{self.log}"',
            "time_budget": "30",
            "state_dir": f'"{self.state}"',
        }
        text = "".join(f"{key} = {value}\n" for key, value in defaults.items()
                       if not any(line.startswith(key + " ") for line in settings.splitlines()))
        self.config.write_text(text + settings)

    def repo(self, owner: str, name: str, wiki: bool = False, object_format: str | None = None,
             hook: str | None = None) -> Path:
        """A repository with the hook ``spamgate gitea install`` writes, or the hook script ``hook``."""
        from spamgate.server import gitea

        path = create_repo(self.root, owner, name, wiki=wiki, object_format=object_format)
        gitea.install(self.root, None, str(self.config))
        if hook is not None:
            target = path / "hooks" / "pre-receive.d" / "spamgate"
            target.write_text(hook)
            target.chmod(0o755)
        return path

    def log_records(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def queued(self) -> list[dict]:
        """The records waiting in the queue of unjudged objects."""
        queue = self.state / "queue"
        return [json.loads(p.read_text()) for p in sorted(queue.glob("*.json"))] if queue.is_dir() else []

    def push(self, work: Path, repo: Path, *refspecs: str) -> subprocess.CompletedProcess:
        """``git push`` over ``git daemon``; text output, never raises."""
        if self._daemon is None:
            self._daemon = GitDaemon(self.root)
        proc = subprocess.run(["git", "push", "--porcelain", self._daemon.url(repo), *(refspecs or ("HEAD:refs/heads/main",))],
                              cwd=work, capture_output=True, timeout=300)
        proc.stdout = proc.stdout.decode("utf-8", "replace")
        proc.stderr = proc.stderr.decode("utf-8", "replace")
        return proc

    def close(self) -> None:
        if self._daemon is not None:
            self._daemon.stop()
            self._daemon = None


@pytest.fixture
def host(tmp_path):
    """A Host for one test; its git daemon is stopped after it."""
    host = Host(tmp_path)
    yield host
    host.close()
