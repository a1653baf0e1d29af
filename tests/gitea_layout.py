"""Bare repositories laid out as Gitea and Forgejo lay them out, for the server tests.

``<ROOT>/<owner>/<repo>.git`` and ``<ROOT>/<owner>/<repo>.wiki.git``, each with
a dispatcher ``hooks/pre-receive`` that reads its input once and runs every
executable regular file in ``hooks/pre-receive.d/`` (in glob order) with the
same input and the inherited environment, exiting with the first non-zero
status after running them all; and ``hooks/pre-receive.d/gitea`` standing in
for Gitea's own check.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

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
