"""Audit repositories already on disk for spam.

Spam that arrived before the hook was installed, or by a path that runs no
hook (migration, mirror sync, fork, adoption), is only found by looking at
what is stored.  By default each repository's files at every branch head are
scanned; with ``history`` every commit's added or changed files and its
message are, as the pre-receive hook would have scanned them.
"""
from __future__ import annotations

import math
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from spamgate.server import git
from spamgate.server.config import ServerConfig


@dataclass
class Flagged:
    path: str  # file path in the repository, or "commit <id> message"
    kind: str  # "file" or "commit-message"
    ref: str  # the branch it was found at (or "" in history mode)
    commit: str
    verdict: str
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class RepoAudit:
    location: str  # relative to the audited root
    owner: str
    name: str
    wiki: bool
    flagged: list[Flagged] = field(default_factory=list)
    documents: int = 0
    skipped: int = 0
    error: str | None = None

    @property
    def repository(self) -> str:
        return f"{self.owner}/{self.name}" if self.owner else self.name

    @property
    def verdict(self) -> str:
        if any(f.verdict == "spam" for f in self.flagged):
            return "spam"
        return "suspicious" if self.flagged else "clean"


def in_shard(location: str, shard: tuple[int, int] | None) -> bool:
    """Whether a repository belongs to shard I of N (1-based), by a stable hash of its location."""
    if shard is None:
        return True
    index, count = shard
    return zlib.crc32(location.encode("utf-8", "surrogateescape")) % count == index - 1


def describe(repo: Path, root: Path) -> tuple[str, str, str, bool]:
    try:
        location = str(repo.relative_to(root)) if repo != root else repo.name
    except ValueError:
        location = str(repo)
    base = repo.name
    wiki = base.endswith(".wiki.git")
    name = base[: -len(".wiki.git")] if wiki else base[:-4] if base.endswith(".git") else base
    owner = repo.parent.name if repo != root else ""
    return location, owner, name, wiki


def _heads(repo: Path) -> list[tuple[str, str]]:
    out = git.run(["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"], str(repo))
    heads = []
    for line in out.decode("utf-8", "replace").splitlines():
        oid, _, ref = line.partition(" ")
        if oid and ref:
            heads.append((oid, ref))
    return heads


def audit_repository(repo: str, root: str, history: bool, config: ServerConfig,
                     include_suspicious: bool = False) -> RepoAudit:
    """Scan one repository; never raises (a failure is recorded in ``error``)."""
    from spamgate.server.prereceive import Item, Push, Report, _priority, plan, scan_items

    repo_path, root_path = Path(repo), Path(root)
    location, owner, name, wiki = describe(repo_path, root_path)
    result = RepoAudit(location, owner, name, wiki)
    report = Report()
    try:
        if history:
            push = Push(repo_dir=repo, owner=owner, name=name, wiki=wiki)
            out = git.run(["rev-list", "--all"], repo).decode("ascii", "replace").split()
            with git.CatFile(repo) as cat:
                items = plan(out, push, config, cat, report, math.inf)
                scan_items(items, cat, config, report, math.inf)
            refs = {}
        else:
            items = []
            refs: dict[tuple[str, str], str] = {}
            seen: set[tuple[str, bytes]] = set()
            for oid, ref in _heads(repo_path):
                for path, blob, mode, size in git.tree_blobs(oid, repo):
                    if (blob, path) in seen:
                        continue
                    seen.add((blob, path))
                    if size > config.max_blob_size:
                        report.skipped += 1
                        continue
                    text_path = git.decode_path(path)
                    item = Item(_priority(text_path, size, "A", wiki), "file", oid, text_path, blob=blob, size=size)
                    refs.setdefault((oid, text_path), ref)
                    items.append(item)
            items.sort(key=lambda i: i.priority)
            with git.CatFile(repo) as cat:
                scan_items(items, cat, config, report, math.inf)
    except git.GitError as exc:
        result.error = str(exc)
    except Exception as exc:  # one broken repository must not stop the audit
        result.error = f"{type(exc).__name__}: {exc}"
    result.documents = report.documents
    result.skipped = report.skipped
    hits = list(report.spam) + (list(report.suspicious) if include_suspicious else [])
    for hit in hits:
        v = hit.result.verdict
        result.flagged.append(Flagged(hit.item.path, hit.item.kind, refs.get((hit.item.commit, hit.item.path), ""), hit.item.commit,
                                      v.verdict, v.score, list(v.reasons[:5])))
    if report.errors and result.error is None:
        result.error = report.errors[0]
    return result


def _worker(args) -> RepoAudit:
    return audit_repository(*args)


def run_audit(repos: list[Path], root: Path, history: bool, config: ServerConfig, jobs: int,
              include_suspicious: bool, progress=None):
    """Audit ``repos`` with ``jobs`` worker processes; yields RepoAudit as each finishes."""
    tasks = [(str(r), str(root), history, config, include_suspicious) for r in repos]
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield _worker(task)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_worker, t) for t in tasks]
        for future in as_completed(futures):
            yield future.result()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
