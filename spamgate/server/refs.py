"""The ref protocol: what git hands a pre-receive hook, and who pushes where.

git gives the hook one ``<old> <new> <ref>`` line per ref on standard input
and, on a Gitea or Forgejo host, describes the push in GITEA_* variables.
"""
from __future__ import annotations

import os

from typing import NamedTuple
from spamgate.server import git
from spamgate.server.safe import safe


class InputError(Exception):
    """The hook's standard input is not what git sends."""


class RefUpdate(NamedTuple):
    """One ``<old> <new> <ref>`` line of the hook's input."""

    old: str
    new: str
    ref: str

    @property
    def is_delete(self) -> bool:
        return git.is_null(self.new)

    @property
    def is_create(self) -> bool:
        return git.is_null(self.old)


def parse_input(data: bytes) -> list[RefUpdate]:
    """Ref updates from the hook's input, read as bytes.

    Lines end only at LF (a ref name may hold any byte git allows, UTF-8 or
    not, including characters that ``str.splitlines`` would split at); ref
    names are decoded with surrogate escapes so none is lost.
    """
    updates = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        line = raw[:-1] if raw.endswith(b"\r") else raw
        if not line.strip():
            continue
        parts = line.split(b" ", 2)
        ok = len(parts) == 3 and parts[2].strip() != b""
        old = parts[0].decode("ascii", "replace") if ok else ""
        new = parts[1].decode("ascii", "replace") if ok else ""
        if not ok or not git.is_hex_id(old) or not git.is_hex_id(new):
            shown = line.decode("utf-8", "backslashreplace")
            raise InputError(f"line {number} is not '<old-id> <new-id> <ref>': {safe(shown, 120)}")
        updates.append(RefUpdate(old, new, parts[2].decode("utf-8", "surrogateescape")))
    return updates


class Push:
    """Who pushes where, from the GITEA_* environment and the repository directory."""

    __slots__ = ("repo_dir", "owner", "name", "wiki", "pusher_name", "pusher_id", "pusher_email", "internal")

    def __init__(self, repo_dir: str, owner: str, name: str, wiki: bool, pusher_name: str | None = None,
                 pusher_id: str | None = None, pusher_email: str | None = None, internal: bool = False):
        self.repo_dir, self.owner, self.name, self.wiki = repo_dir, owner, name, wiki
        self.pusher_name, self.pusher_id, self.pusher_email = pusher_name, pusher_id, pusher_email
        self.internal = internal

    @property
    def repository(self) -> str:
        return f"{self.owner}/{self.name}" if self.owner else self.name

    @property
    def names(self) -> list[str]:
        out = [self.repository]
        if self.wiki:
            out.append(self.repository + ".wiki")
        return out

    @property
    def pusher(self) -> dict:
        return {"name": self.pusher_name, "id": self.pusher_id, "email": self.pusher_email}


def push_from_environment(environ=None, cwd: str | None = None) -> Push:
    environ = os.environ if environ is None else environ
    git_dir = environ.get("GIT_DIR") or "."
    repo_dir = os.path.abspath(os.path.join(cwd or os.getcwd(), git_dir))
    base = os.path.basename(repo_dir.rstrip(os.sep))
    if base == ".git":  # a non-bare repository
        base = os.path.basename(os.path.dirname(repo_dir)) + ".git"
        parent = os.path.basename(os.path.dirname(os.path.dirname(repo_dir)))
    else:
        parent = os.path.basename(os.path.dirname(repo_dir))
    dir_name = base[:-4] if base.endswith(".git") else base
    wiki = environ.get("GITEA_REPO_IS_WIKI", "").lower() == "true" or base.endswith(".wiki.git")
    name = environ.get("GITEA_REPO_NAME") or dir_name
    if name.endswith(".wiki"):
        wiki = True
    if wiki and name.endswith(".wiki"):
        name = name[: -len(".wiki")]
    owner = environ.get("GITEA_REPO_USER_NAME") or parent
    return Push(
        repo_dir=repo_dir, owner=owner, name=name, wiki=wiki,
        pusher_name=environ.get("GITEA_PUSHER_NAME") or None,
        pusher_id=environ.get("GITEA_PUSHER_ID") or None,
        pusher_email=environ.get("GITEA_PUSHER_EMAIL") or None,
        internal=environ.get("GITEA_INTERNAL_PUSH", "").lower() == "true",
    )


class Targets(NamedTuple):
    """What a push asks to list."""

    revisions: list[str]  # new commit tips, and ``^<id>`` for each judged ref
    others: list[tuple[str, str, str]]  # (id, "tree" or "blob", ref) of new tips that are (or tag) no commit
    tags: list[str]  # new tips that are annotated tags: their messages are judged


def targets(updates: list[RefUpdate], repo_dir: str, is_skipped, lookup: "git.SizeLookup") -> Targets:
    """What to list for a push (``lookup`` tells what each new tip is).

    The revisions are the new commit tips and ``^<id>`` for the tip of every
    ref that is judged.  Refs whose updates are skipped (``is_skipped``, e.g.
    ``refs/pull/*``) are not excluded: what only they reach was never judged, so
    it is judged when a judged ref comes to point at it.
    """
    names = {}
    for u in updates:
        if not u.is_delete:
            names.setdefault(u.new, u.ref)
    tips = list(names)
    found = lookup.lookup(tips + [t + "^{}" for t in tips])
    kinds = {tip: otype for tip, (_, otype, _) in zip(tips, found)}
    commits, others = [], []
    for tip, (oid, otype, _) in zip(tips, found[len(tips):]):
        if otype == "commit":
            commits.append(tip)
        elif otype in ("tree", "blob"):
            others.append((oid, otype, names[tip]))
        else:
            raise git.GitError(f"object {tip} is not in the repository")
    exclude = dict.fromkeys(oid for oid, otype, name in git.refs(repo_dir)
                            if otype == "commit" and not is_skipped(name))
    return Targets(commits + ["^" + oid for oid in exclude], others, [t for t in tips if kinds[t] == "tag"])
