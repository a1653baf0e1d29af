"""What to scan, and in which order: the listing of a push (or of stored
repositories, or of queued objects) and the schedule that hands the scan the
likeliest spam first.

A source runs in a thread of its own and lists into the schedule while the
scan reads from it.  Three kinds of entry wait there: a commit or tag object to
read (its subject goes with the files it brings; its message is judged in its
turn), a file (a blob under a path), and a commit message held for its turn
(or, past a bound on what is held, the object to read again then).  The order is wiki
pages, then prose documents (title-like names first, new paths before changed
ones, small before large), then commit messages, then other files.
"""
from __future__ import annotations

import re
import threading
from heapq import heappop, heappush

from typing import NamedTuple
from spamgate.server import git

# File name endings of documents that are pages: articles when they turn up in a push.
PAGE_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".rst", ".adoc", ".asciidoc",
                   ".org", ".wiki", ".mediawiki", ".textile", ".creole", ".pod", ".html", ".htm")
BINARY_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tif", ".tiff", ".pdf",
                     ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".jar", ".war", ".whl",
                     ".so", ".dll", ".exe", ".bin", ".o", ".a", ".class", ".pyc", ".woff", ".woff2", ".ttf",
                     ".otf", ".eot", ".mp3", ".mp4", ".ogg", ".wav", ".flac", ".webm", ".mov", ".avi",
                     ".psd", ".sqlite", ".db", ".pack", ".idx")

WIKI_PAGE, PROSE, MESSAGE, OTHER, BINARY = range(5)
MAX_PENDING = 100_000  # listed entries waiting to be read; past this the listing waits (bounded memory)
_SIZE_LIMIT = (1 << 43) - 1
_INDEX_BITS = 56
_PUSHED = 1 << (_INDEX_BITS - 1)  # indexes of entries the scan adds itself


class FileEntry(NamedTuple):
    blob: str
    path: bytes
    size: int
    commit: list | None  # [id, subject], shared by the files of one commit


SUBJECT, MESSAGE_LATER, MESSAGE_NOW = range(3)  # what reading a commit or tag object is for


class ObjectEntry(NamedTuple):
    oid: str
    record: list  # [id, subject]: the subject is filled in when the object is read
    purpose: int  # SUBJECT only; also its message, held for its turn (MESSAGE_LATER); its message now

class MessageEntry(NamedTuple):
    commit: str
    text: str
    label: str  # "commit" or "tag"


def is_page(path: str) -> bool:
    lower = path.lower()
    return lower.endswith(PAGE_EXTENSIONS) or "." not in lower.rsplit("/", 1)[-1]


def rank(path: str, wiki: bool) -> int:
    if path.lower().endswith(BINARY_EXTENSIONS):
        return BINARY
    if is_page(path):
        return WIKI_PAGE if wiki else PROSE
    return OTHER


_WORD = re.compile(r"[^\W\d_]{2,}")


def title_likeness(path: str) -> int:
    """0-4: how much a file name looks like an article title ("The-Pain-of-X.md", "H%D0%BEw-To-X.md")."""
    from spamgate.titles import title_from_filename

    name = path.rsplit("/", 1)[-1]
    words = _WORD.findall(title_from_filename(name))
    score = 0
    if len(words) >= 3:
        score += 2
        if sum(1 for w in words if w[0].isupper()) >= 3:
            score += 1
    if "%" in name or not name.isascii():
        score += 1
    return score


def priority(rank: int, likeness: int, added: bool, size: int, index: int) -> int:
    """Sort key, smallest first: rank, then title-like names, new paths, small sizes, listing order.
    Objects to read sort before everything (``rank`` -1)."""
    group = 1 + rank * 5 + (4 - likeness) if rank >= 0 else 0
    return (((group << 1 | (not added)) << 43 | min(size, _SIZE_LIMIT)) << _INDEX_BITS) | index


class Schedule:
    """Entries waiting to be read, best first: filled by a source's thread while the scan takes from it."""

    def __init__(self, wiki: bool, report, max_pending: int = MAX_PENDING):
        self.wiki = wiki
        self.report = report
        self.max_pending = max_pending
        self.cond = threading.Condition()
        self.heap: list[int] = []
        self.entries: dict[int, tuple] = {}
        self.index = 0  # entries listed (the source's thread)
        self.pushed = 0  # entries the scan added (the scan's thread)
        self.done = False
        self.stopped = False
        self.draining = False
        self.error: BaseException | None = None
        self._batch: list[tuple[int, tuple]] = []
        self._commits = self._planned = 0
        self._ranks: dict[bytes, tuple[int, int]] = {}  # path -> (rank, likeness), a bounded cache

    # -- the source's thread ----------------------------------------------------------
    def fill(self, source) -> None:
        try:
            source.fill(self)
            self.flush()
        except BaseException as exc:  # the scan reports it
            self.error = exc
        finally:
            source.close()
            with self.cond:
                self.done = True
                self.cond.notify_all()

    def read(self, oid: str, record: list, message: bool, commit: bool = True) -> None:
        """Read a commit or tag object first of all; with ``message``, judge its message in its turn."""
        self.index += 1
        self._commits += commit
        self._batch.append((priority(-1, 0, True, 0, self.index),
                            ObjectEntry(oid, record, MESSAGE_LATER if message else SUBJECT)))
        if len(self._batch) >= 512:
            self.flush()

    def file(self, blob: str, path: bytes, size: int, commit: list | None, added: bool) -> None:
        cached = self._ranks.get(path)
        if cached is None:
            if len(self._ranks) >= 16384:
                self._ranks.clear()
            text = git.decode_path(path)
            kind = rank(text, self.wiki)
            cached = self._ranks[path] = (kind, title_likeness(text) if kind < OTHER else 0)
        self.index += 1
        self._planned += 1
        self._batch.append((priority(cached[0], cached[1], added, size, self.index),
                            FileEntry(blob, path, size, commit)))
        if len(self._batch) >= 512:
            self.flush()

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        with self.cond:
            while len(self.entries) >= self.max_pending and not (self.stopped or self.draining):
                self.cond.wait(0.5)
            if self.stopped:
                raise Stopped()
            mask = (1 << _INDEX_BITS) - 1
            for key, entry in batch:
                self.entries[key & mask] = entry
                heappush(self.heap, key)
            self.report.planned += self._planned
            self.report.commits += self._commits
            self._planned = self._commits = 0
            self.cond.notify_all()

    # -- the scan's thread ------------------------------------------------------------------
    def take(self, n: int, wait: bool, timeout: float, size: int = 1 << 62) -> tuple[list[tuple], bool]:
        """Up to ``n`` entries, best first, of at most ``size`` bytes of files (at least one entry);
        and whether everything listed has been taken."""
        with self.cond:
            if wait and not self.heap and not self.done:
                self.cond.wait(max(0.0, timeout))
            heap, entries = self.heap, self.entries
            mask = (1 << _INDEX_BITS) - 1
            out = []
            while heap and len(out) < n and size > 0:
                entry = entries.pop(heappop(heap) & mask)
                out.append(entry)
                if type(entry) is FileEntry:
                    size -= entry.size
            if out:
                self.cond.notify_all()  # room for the listing
            return out, self.done and not heap

    def push(self, rank: int, size: int, entry: tuple) -> None:
        """Add an entry the scan made itself (a message, held or to read again); its indexes are
        apart from the listing's, which its own thread counts."""
        with self.cond:
            self.pushed += 1
            index = _PUSHED | self.pushed
            self.report.planned += 1
            self.entries[index] = entry
            heappush(self.heap, priority(rank, 0, True, size, index))

    def drain(self, deadline: float, each) -> bool:
        """Hand every entry left, and every entry still to be listed until ``deadline``
        (time.monotonic), to ``each``; whether the listing ended."""
        import time

        with self.cond:
            self.draining = True
            self.cond.notify_all()
        while True:
            taken, finished = self.take(4096, True, min(0.2, max(0.0, deadline - time.monotonic())))
            for entry in taken:
                each(entry)
            if finished:
                return self.error is None
            if time.monotonic() > deadline:
                self.stop()
                return False

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()


class Stopped(Exception):
    """The scan no longer takes entries: the source ends."""


class _Source:
    """Lists files with their sizes: one ``git cat-file --batch-check`` asked in rounds, of
    ``ROUND`` files or of what ``LATENCY`` seconds of listing found, whichever comes first."""

    ROUND = 256
    LATENCY = 0.02

    def __init__(self, repo_dir: str):
        self.repo_dir = repo_dir
        self.sizes: git.SizeLookup | None = None
        self.listing: git.ChangeListing | None = None
        self.pending: list[tuple[str, bytes, list | None, bool]] = []
        self.seen: set[bytes] = set()
        self.sent = 0.0  # time.monotonic() of the last round

    def add(self, schedule: Schedule, blob: str, path: bytes, commit: list | None, added: bool) -> None:
        """A file, once per (blob, path): the same content under a new path is judged again."""
        key = blob.encode("ascii") + path
        if key in self.seen:
            return
        self.seen.add(key)
        self.pending.append((blob, path, commit, added))
        if len(self.pending) >= self.ROUND:
            self.send(schedule)

    def send(self, schedule: Schedule) -> None:
        import time

        self.sent = time.monotonic()
        pending, self.pending = self.pending, []
        if not pending:
            return
        if self.sizes is None:
            self.sizes = git.SizeLookup(self.repo_dir)
        for (blob, path, commit, added), (_, otype, size) in zip(pending, self.sizes.lookup([p[0] for p in pending])):
            if otype in ("blob", "missing"):  # a missing blob is read, and found missing, by the scan
                schedule.file(blob, path, size, commit, added)
        schedule.flush()

    def changes(self, schedule: Schedule, revisions: list[str]) -> None:
        """The commits of ``revisions`` and the files each brings."""
        if not any(not r.startswith("^") for r in revisions):
            return
        import time

        self.listing = git.ChangeListing(revisions, self.repo_dir)
        commit = None
        for event in self.listing.events():
            if isinstance(event, str):
                if self.pending and time.monotonic() - self.sent >= self.LATENCY:
                    self.send(schedule)  # what the commits so far brought, on its way to the scan
                commit = [event, None]
                schedule.read(event, commit, True)
            else:
                self.add(schedule, event[1], event[3], commit, event[2])
        self.send(schedule)

    def tree(self, schedule: Schedule, rev: str, commit: list | None) -> None:
        """Every file in the tree of ``rev``."""
        for path, blob, _mode, _size in git.tree_blobs(rev, self.repo_dir):
            self.add(schedule, blob, path, commit, True)
        self.send(schedule)

    def close(self) -> None:
        """Stop the git processes (from any thread: a thread reading from them gets an error)."""
        for part in (self.listing, self.sizes):
            if part is not None:
                part.close()


class PushSource(_Source):
    """What a push brings: new commits (their messages and the files each adds
    or changes), annotated tags, and trees or blobs a ref names directly."""

    def __init__(self, repo_dir: str, updates, is_skipped):
        super().__init__(repo_dir)
        self.updates, self.is_skipped = updates, is_skipped

    def fill(self, schedule: Schedule) -> None:
        from spamgate.server.refs import targets

        self.sizes = git.SizeLookup(self.repo_dir)
        found = targets(self.updates, self.repo_dir, self.is_skipped, self.sizes)
        for tag in found.tags:
            schedule.read(tag, [tag, None], True, commit=False)
        for oid, otype, ref in found.others:
            if otype == "tree":
                self.tree(schedule, oid, None)
            else:
                self.add(schedule, oid, ref.encode("utf-8", "surrogateescape"), None, True)
        self.send(schedule)
        self.changes(schedule, found.revisions)


class HistorySource(_Source):
    """Every commit reachable from the repository's refs, as if pushed at once."""

    def fill(self, schedule: Schedule) -> None:
        revisions = list(dict.fromkeys(oid for oid, otype, _ in git.refs(self.repo_dir) if otype == "commit"))
        self.changes(schedule, revisions)


class HeadsSource(_Source):
    """The files at every branch head."""

    def __init__(self, repo_dir: str, heads: list[tuple[str, str]]):
        super().__init__(repo_dir)
        self.heads = heads

    def fill(self, schedule: Schedule) -> None:
        for oid, _ref in self.heads:
            self.tree(schedule, oid, [oid, None])


class QueuedSource(_Source):
    """Objects a push could not have judged in time: files, messages and ranges of commits."""

    def __init__(self, repo_dir: str, items: list[dict], ranges: list[dict]):
        super().__init__(repo_dir)
        self.items, self.ranges = items, ranges

    def fill(self, schedule: Schedule) -> None:
        commits: dict[str, list] = {}
        for item in self.items:
            commit = item.get("commit") or None
            record = commits.get(commit) if commit else None
            if commit and record is None:
                record = commits[commit] = [commit, None]
                schedule.read(commit, record, item["kind"] == "commit-message")
            elif commit and item["kind"] == "commit-message":
                schedule.read(commit, [commit, None], True)
            if item["kind"] == "file":
                self.add(schedule, item["blob"], item["path"].encode("utf-8", "surrogateescape"), record, True)
        self.send(schedule)
        for span in self.ranges:
            revisions = [span["new"]] + ([] if git.is_null(span["old"]) else ["^" + span["old"]])
            self.changes(schedule, revisions)
