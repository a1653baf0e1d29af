"""Audit what is stored: repositories on disk, and the queue of what pushes could not judge.

Spam that arrived before the hook was installed, or by a path that runs no
hook (migration, mirror sync, fork, adoption), is only found by looking at
what is stored.  By default each repository's files at every branch head are
judged; with ``history`` every commit's added or changed files and its message
are, as the pre-receive hook judges a push.  ``drain_queue`` judges what
pushes queued (see ``state``) and logs what it finds.  Each uses the scan the
hook uses, with no time budget: what still cannot be judged (a missing object,
a failing rule) is an error of that repository, never a clean result.
"""
from __future__ import annotations

import os
import signal
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


def _heads(repo: str) -> list[tuple[str, str]]:
    out = git.run(["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"], repo)
    heads = []
    for line in out.decode("utf-8", "replace").splitlines():
        oid, _, ref = line.partition(" ")
        if oid and ref:
            heads.append((oid, ref))
    return heads


def _judge(source, repo: str, wiki: bool, config: ServerConfig, result: RepoAudit, include_suspicious: bool,
           refs: dict[str, str]):
    """Run the scan over ``source`` into ``result``; the scan's report (None when it could not start)."""
    from spamgate.model import PushContext
    from spamgate.server.scan import Report, describe_exception, scan

    report = Report()
    try:  # who pushed is not known after the fact; where to is
        scan(source, repo, wiki, config, report, context=PushContext("", result.owner, result.name, wiki))
    except git.GitError as exc:
        result.error = str(exc)
    except Exception as exc:  # one broken repository must not stop the audit
        result.error = describe_exception(exc)
    result.documents = report.documents
    result.skipped = report.skipped
    for hit in list(report.spam) + (list(report.suspicious) if include_suspicious else []):
        v = hit.result.verdict
        result.flagged.append(Flagged(hit.path, hit.kind, refs.get(hit.commit, ""), hit.commit, v.verdict, v.score,
                                      list(v.reasons[:5])))
    if result.error is None and report.unjudged:
        n = len(report.unjudged)
        result.error = f"{n} document{'s' if n != 1 else ''} could not be judged: {report.unjudged[0].reason}"
    if result.error is None and not report.complete:
        result.error = report.errors[0] if report.errors else "the repository could not be listed in full"
    return report


def audit_repository(repo: str, root: str, history: bool, config: ServerConfig,
                     include_suspicious: bool = False) -> RepoAudit:
    """Judge one repository; never raises (a failure is recorded in ``error``)."""
    from spamgate.server.listing import HeadsSource, HistorySource

    location, owner, name, wiki = describe(Path(repo), Path(root))
    result = RepoAudit(location, owner, name, wiki)
    refs: dict[str, str] = {}
    try:
        if history:
            source = HistorySource(repo)
        else:
            heads = _heads(repo)
            for oid, ref in heads:
                refs.setdefault(oid, ref)
            source = HeadsSource(repo, heads)
    except git.GitError as exc:
        result.error = str(exc)
        return result
    _judge(source, repo, wiki, config, result, include_suspicious, refs)
    return result


def drain_queue(config: ServerConfig, include_suspicious: bool = False):
    """Judge every queued record, oldest first; yields (record name, RepoAudit) as each is done and
    logs each to the decision log.  A record that cannot be read is reported and left in the queue."""
    from spamgate.server import state
    from spamgate.server.listing import QueuedSource

    state_dir = config.state_path()
    claims = state.claim(state_dir)
    try:
        while claims:
            claim = claims[0]
            record = claim.record
            if record is None:
                claims.pop(0).release(state_dir)
                yield claim.name, RepoAudit(claim.name, "", claim.name, False, error=claim.error)
                continue
            repo = record["repository_path"]
            owner, _, name = str(record.get("repository", "")).rpartition("/")
            result = RepoAudit(repo, owner, name, bool(record.get("wiki")))
            report = None
            if not (os.path.isdir(repo) and os.path.isdir(os.path.join(repo, "objects"))):
                result.error = "the repository no longer exists"
            else:
                source = QueuedSource(repo, list(record.get("items", [])), list(record.get("ranges", [])))
                report = _judge(source, repo, result.wiki, config, result, include_suspicious, {})
            _log_drained(config, claim.name, record, result, report)
            claims.pop(0).done()
            yield claim.name, result
    finally:
        for claim in claims:  # interrupted: back into the queue
            try:
                claim.release(state_dir)
            except OSError:
                pass


def _log_drained(config: ServerConfig, name: str, record: dict, result: RepoAudit, report) -> None:
    if not config.log_file:
        return
    from spamgate.server.decisionlog import append, log_record, tell_admin
    from spamgate.server.refs import Push, RefUpdate

    pusher = record.get("pusher") or {}
    push = Push(result.location, result.owner, result.name, result.wiki, pusher.get("name"), pusher.get("id"),
                pusher.get("email"))
    updates = [RefUpdate(r["old"], r["new"], r["ref"]) for r in record.get("refs", [])]
    entry = log_record("audited", "error" if result.error else result.verdict, push, updates, report, 0.0,
                       error=result.error)
    entry["queued"] = name
    entry["queued_at"] = record.get("time")
    problem = append(config.log_file, entry)
    if problem:
        tell_admin(problem)


def _worker(args) -> RepoAudit:
    return audit_repository(*args)


def _quiet_interrupts() -> None:
    """In a pool worker: Ctrl-C is the parent's to handle (a handler, not SIG_IGN, so git children
    started from here still stop on it)."""
    signal.signal(signal.SIGINT, lambda *_: None)


class Runner:
    """Audits repositories with ``jobs`` worker processes, yielding each RepoAudit as it finishes;
    ``stop`` ends the workers at once (Ctrl-C)."""

    def __init__(self, repos: list[Path], root: Path, history: bool, config: ServerConfig, jobs: int,
                 include_suspicious: bool):
        self.tasks = [(str(r), str(root), history, config, include_suspicious) for r in repos]
        self.jobs = jobs
        self.pool = None

    def __iter__(self):
        if self.jobs <= 1 or len(self.tasks) <= 1:
            for task in self.tasks:
                yield _worker(task)
            return
        import multiprocessing

        self.pool = multiprocessing.get_context("fork").Pool(self.jobs, initializer=_quiet_interrupts)
        yield from self.pool.imap_unordered(_worker, self.tasks)
        self.pool.close()
        self.pool.join()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def default_jobs() -> int:
    from spamgate.parallel import cores

    return cores()
