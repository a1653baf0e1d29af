"""The pre-receive decision: scan what a push adds and accept or refuse it.

git gives the hook one ``<old> <new> <ref>`` line per ref on standard input.
The new objects are listed by ``git rev-list --objects --in-commit-order
--reverse <new...> --not --all`` through ``git cat-file --batch-check`` (the refs
are not updated yet): each new blob once, after the commit that first adds it,
with its size.  While that listing streams in, blobs are read through one
``git cat-file --batch`` and scanned as whole files (path as a title
candidate, the commit subject set on the document), commit messages as commit
messages, likeliest spam first among what is known, under the push profile,
until the time budget runs out.
"""
from __future__ import annotations

import os
import re
import threading
import time
from collections import deque
from heapq import heappop, heappush

from spamgate.server import git
from spamgate.server.config import REFUSE, WARN, ServerConfig
from spamgate.server.safe import safe

PREFIX = "spamgate: "
GITLAB_PREFIX = "GL-HOOK-ERR: "
MAX_SPAM_DOCUMENTS = 10  # stop scanning after this many spam documents
MAX_LOGGED_REFS = 50
MAX_KEPT = 100  # suspicious documents and errors kept for the log

# File name endings that are articles when they turn up in a push.
PAGE_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".rst", ".adoc", ".asciidoc",
                   ".org", ".wiki", ".mediawiki", ".textile", ".creole", ".pod", ".html", ".htm")
BINARY_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tif", ".tiff", ".pdf",
                     ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".jar", ".war", ".whl",
                     ".so", ".dll", ".exe", ".bin", ".o", ".a", ".class", ".pyc", ".woff", ".woff2", ".ttf",
                     ".otf", ".eot", ".mp3", ".mp4", ".ogg", ".wav", ".flac", ".webm", ".mov", ".avi",
                     ".psd", ".sqlite", ".db", ".pack", ".idx")


def describe_exception(exc: BaseException) -> str:
    """``Type: message`` for an unexpected exception; a bare lower-case name such
    as ``error`` (re.error, regex.error) is qualified by its module, so it never
    reads as a second "error:" prefix."""
    kind = type(exc)
    name = kind.__name__
    if name.islower():
        name = f"{kind.__module__.split('.')[0]}.{name}"
    return f"{name}: {exc}"


class InputError(Exception):
    """The hook's standard input is not what git sends."""


class RefUpdate:
    """One ``<old> <new> <ref>`` line of the hook's input."""

    __slots__ = ("old", "new", "ref")

    def __init__(self, old: str, new: str, ref: str):
        self.old, self.new, self.ref = old, new, ref

    def __repr__(self) -> str:
        return f"RefUpdate({self.old!r}, {self.new!r}, {self.ref!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, RefUpdate) and (self.old, self.new, self.ref) == (other.old, other.new, other.ref)

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


class Item:
    """One document to scan: a blob at a path in a commit, or a commit message."""

    __slots__ = ("priority", "kind", "commit", "path", "blob", "size", "message", "subject")

    def __init__(self, priority: tuple, kind: str, commit: str, path: str, blob: str | None = None, size: int = 0,
                 message: str | None = None, subject: str | None = None):
        self.priority = priority
        self.kind = kind  # "file" or "commit-message"
        self.commit = commit
        self.path = path
        self.blob = blob
        self.size = size
        self.message = message  # the text of a commit message
        self.subject = subject  # the subject of the commit that adds a file


class Hit:
    __slots__ = ("item", "result", "order")

    def __init__(self, item: Item, result, order: int = 0):
        self.item = item
        self.result = result  # spamgate.engine.FileResult
        self.order = order  # when it was scanned, among the push's documents


class Report:
    """What the scan found."""

    def __init__(self):
        self.commits = 0
        self.documents = 0  # scanned
        self.skipped = 0  # binary, too large, undecodable
        self.planned = 0
        self.spam: list[Hit] = []
        self.suspicious: list[Hit] = []
        self.suspicious_count = 0
        self.errors: list[str] = []
        self.timed_out = False


def _priority(path: str, size: int, status: str, wiki: bool) -> tuple:
    """Sort key: pages before other files, title-like names first, new before changed, small before large."""
    lower = path.lower()
    name = lower.rsplit("/", 1)[-1]
    if lower.endswith(BINARY_EXTENSIONS):
        rank = 4
    elif lower.endswith(PAGE_EXTENSIONS) or "." not in name:
        rank = 0 if wiki else 1
    else:
        rank = 3
    return (rank, -_title_likeness(path) if rank < 3 else 0, 0 if status == "A" else 1, size)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _title_likeness(path: str) -> int:
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


def plan(commits: list[str], push: Push, config: ServerConfig, cat: git.CatFile,
         report: Report, deadline: float, tags: list[str] = ()) -> list[Item]:
    """Read the new commits' (and tags') messages and changed blobs; the items to scan, likeliest spam first."""
    subjects: dict[str, str] = {}
    items: list[Item] = []
    changed = git.changed_blobs(commits, push.repo_dir)  # git diffs while the messages are read
    cat.request(commits)
    cat.request(tags)
    for _ in range(len(commits) + len(tags)):
        oid, otype, size, data = cat.read(config.max_blob_size)
        if otype not in ("commit", "tag"):
            continue
        info = git.parse_commit(oid, data or b"", truncated=data is None)
        subjects[oid] = info.subject
        if info.message.strip():
            items.append(Item((2, 0, 0, len(info.message)), "commit-message", oid,
                              f"commit {oid[:12]} message", message=info.message))
    changes: dict[tuple[str, bytes], git.Change] = {}
    checker = git.BatchCheck(push.repo_dir)  # sizes are looked up as blobs turn up
    try:
        asked: set[str] = set()
        for change in changed:
            key = (change.blob, change.path)
            if key not in changes:  # the same file added by several commits: scan it once
                changes[key] = change
                if change.blob not in asked:
                    asked.add(change.blob)
                    checker.add(change.blob)
            if time.monotonic() > deadline:
                report.timed_out = True
                break
        del asked
        sizes = checker.results()
    finally:
        checker.close()
    while changes:  # emptied as it goes: a large push is held once, not twice
        _, change = changes.popitem()
        otype, size = sizes.get(change.blob, ("missing", 0))
        if otype != "blob":
            continue
        path = git.decode_path(change.path)
        if size > config.max_blob_size:
            report.skipped += 1
            continue
        items.append(Item(_priority(path, size, change.status, push.wiki), "file", change.commit, path,
                          blob=change.blob, size=size))
    for item in items:
        if item.kind == "file":
            item.subject = subjects.get(item.commit)  # for the title rules
    items.sort(key=lambda i: i.priority)
    return items


def scan(updates: list[RefUpdate], push: Push, config: ServerConfig, deadline: float) -> Report:
    """Scan the commits these ref updates add; stops at ``deadline`` (time.monotonic)."""
    report = Report()
    wanted = []
    seen = set()
    for u in updates:
        if not u.is_delete and u.new not in seen:
            seen.add(u.new)
            wanted.append(u.new)
    if not wanted:
        return report
    with git.ObjectListing(wanted, push.repo_dir) as listing, git.CatFile(push.repo_dir) as cat:
        stream_scan(listing, cat, push.wiki, config, report, deadline, MAX_SPAM_DOCUMENTS, parallel=True)
    return report


# Scheduling keys are integers: (group << 80) | (size << 40) | index, smallest first.
# Group 0 reads a commit or tag object (its subject is needed by the files it
# adds; its message becomes a document of the message group); the other groups
# are 8 * (rank + 1) + (4 - title likeness), as ``_priority`` ranks files.
_READ_GROUP = 0
_MESSAGE_GROUP = 8 * 3
_SIZE_SHIFT = 40
_GROUP_SHIFT = 80
_MAX_SIZE = (1 << 40) - 1
_INDEX_MASK = (1 << 40) - 1
WINDOW = 256  # objects asked of cat-file ahead of the scan (a few hundred: few writes, git kept busy)
MAX_PENDING = 100_000  # listed objects waiting to be read; past this the listing waits (bounded memory)
HELD_MESSAGES = 2 << 20  # characters of commit messages held for later; past this they are scanned at once


class _Schedule:
    """What to read next, likeliest spam first: filled from the listing by a thread while the scan runs.

    A pending object is an integer key in a heap and a small tuple
    ``(id, path, commit)``; ``commit`` is a shared ``[id, subject]`` list, so a
    commit's subject lives exactly as long as a file of it waits.  At most
    ``MAX_PENDING`` objects wait: a bigger push is ordered window by window, and
    the memory it takes does not grow with its size.
    """

    def __init__(self, wiki: bool, max_blob_size: int, report: Report, max_pending: int = MAX_PENDING):
        self.wiki = wiki
        self.max_blob_size = max_blob_size
        self.max_pending = max_pending
        self.report = report
        self.cond = threading.Condition()
        self.heap: list[int] = []
        self.items: dict[int, tuple] = {}
        self.done = False
        self.stopped = False
        self.error: BaseException | None = None
        self._groups: dict[bytes, int] = {}  # path -> group, a bounded cache

    # -- the listing thread ---------------------------------------------------------
    def fill(self, listing: git.ObjectListing) -> None:
        try:
            commit = None
            index = 0
            groups = self._groups
            for batch in listing.batches():
                keys = []
                entries = []
                skipped = planned = commits = 0
                for oid, otype, size, rest in batch:
                    index += 1
                    if otype == b"blob":
                        if size > self.max_blob_size:
                            skipped += 1
                            continue
                        group = groups.get(rest)
                        if group is None:
                            group = self._group(rest)
                        keys.append((group << _GROUP_SHIFT) | (size << _SIZE_SHIFT) | index)
                        entries.append((index, (oid, rest, commit)))
                        planned += 1
                    else:  # a commit or an annotated tag
                        record = [oid.decode("ascii"), None]
                        keys.append(index)  # group 0: read it first
                        entries.append((index, (None, None, record)))
                        if otype == b"commit":
                            commit = record
                            commits += 1
                with self.cond:
                    while len(self.items) >= self.max_pending and not self.stopped:
                        self.cond.wait(0.5)
                    if self.stopped:
                        return
                    self.items.update(entries)
                    for key in keys:
                        heappush(self.heap, key)
                    self.report.skipped += skipped
                    self.report.planned += planned
                    self.report.commits += commits
                    self.cond.notify_all()
        except BaseException as exc:  # reported by the scanning thread
            self.error = exc
        finally:
            with self.cond:
                self.done = True
                self.cond.notify_all()

    def _group(self, raw: bytes) -> int:
        if len(self._groups) >= 16384:
            self._groups.clear()
        rank, title, _, _ = _priority(git.decode_path(raw), 0, "A", self.wiki)
        group = self._groups[raw] = 8 * (rank + 1) + 4 - title
        return group

    # -- the scanning thread --------------------------------------------------------
    def take(self, n: int, wait: bool, timeout: float) -> tuple[list[tuple[int, tuple | None]], bool]:
        """Up to ``n`` (key, entry) pairs, best first; and whether everything has been taken."""
        with self.cond:
            if wait and not self.heap and not self.done:
                self.cond.wait(max(0.0, timeout))
            if self.error is not None:
                error, self.error = self.error, None
                raise error
            heap, items = self.heap, self.items
            out = []
            for _ in range(min(n, len(heap))):
                key = heappop(heap)
                out.append((key, items.pop(key & _INDEX_MASK, None)))
            if out:
                self.cond.notify_all()  # room for the listing
            return out, self.done and not heap

    def push(self, key: int) -> None:
        with self.cond:
            heappush(self.heap, key)

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()


def stream_scan(listing: git.ObjectListing, cat: git.CatFile, wiki: bool, config: ServerConfig, report: Report,
                deadline: float, max_spam: int | None = None, parallel: bool = False) -> None:
    """Scan what ``listing`` lists as it arrives, likeliest spam first, until ``deadline`` or ``max_spam``;
    with ``parallel``, a large push is scanned on two cores."""
    schedule = _Schedule(wiki, config.max_blob_size, report)
    filler = threading.Thread(target=schedule.fill, args=(listing,), daemon=True)
    filler.start()
    judge = _Judge(config, report, max_spam, parallel=parallel)
    try:
        _scan_scheduled(schedule, cat, judge, config, report, deadline)
        if not (max_spam is not None and len(report.spam) >= max_spam):
            judge.finish(deadline)
    finally:
        if judge.helper is not None:
            judge.helper.close()
        schedule.stop()
        # Results came back from two processes: report them in the order they were scanned.
        report.spam.sort(key=lambda hit: hit.order)
        report.suspicious.sort(key=lambda hit: hit.order)


def _scan_scheduled(schedule: _Schedule, cat: git.CatFile, judge: _Judge, config: ServerConfig, report: Report,
                    deadline: float) -> None:
    from spamgate.reader import Skipped, decode

    keep = config.max_blob_size
    inflight: deque = deque()
    messages: dict[int, tuple[str, str]] = {}  # held commit messages: index -> (commit id, text)
    held = 0
    monotonic = time.monotonic
    while True:
        now = monotonic()
        if now > deadline:
            report.timed_out = True
            return
        if len(inflight) <= WINDOW // 2:
            taken, finished = schedule.take(WINDOW - len(inflight), not inflight, min(deadline - now, 0.5))
            ids = []
            for key, entry in taken:
                if key >> _GROUP_SHIFT == _MESSAGE_GROUP:
                    commit_id, message = messages.pop(key & _INDEX_MASK)
                    held -= len(message)
                    if judge.message(commit_id, message):
                        return
                    continue
                oid, path, commit = entry
                ids.append(commit[0] if oid is None else oid.decode("ascii"))
                inflight.append((key, entry))
            if ids:
                cat.send(ids)
            if not inflight:
                if finished:
                    return
                continue
        key, (oid, path, commit) = inflight.popleft()
        otype, data = cat.next(keep)
        if oid is None:  # a commit or tag object: its subject, and its message to scan
            if otype not in (b"commit", b"tag"):
                continue
            info = git.parse_commit(commit[0], data or b"", truncated=data is None)
            commit[1] = info.subject[:500]
            message = info.message
            if message.strip():
                with schedule.cond:  # the listing thread counts too
                    report.planned += 1
                if held + len(message) <= HELD_MESSAGES:
                    index = key & _INDEX_MASK
                    messages[index] = (commit[0], message)
                    held += len(message)
                    schedule.push((_MESSAGE_GROUP << _GROUP_SHIFT) | (min(len(message), _MAX_SIZE) << _SIZE_SHIFT)
                                  | index)
                elif judge.message(commit[0], message):
                    return
            continue
        if data is None or otype != b"blob":
            report.skipped += 1
            continue
        decoded = decode(data)
        if isinstance(decoded, Skipped):
            report.skipped += 1
            continue
        if commit is None:
            commit_id, subject = "", None
        else:
            commit_id, subject = commit
        if judge.file(git.decode_path(path), decoded[0], decoded[1], commit_id, subject):
            return


class _Judge:
    """Scans one document at a time and keeps what the report needs.

    With ``parallel``, once a push has proved large (``HELPER_AFTER``
    documents), a forked helper process scans every other document, so the
    rules run on two cores; results come back in a compact form.
    """

    def __init__(self, config: ServerConfig, report: Report, max_spam: int | None, parallel: bool = False):
        from spamgate.engine import scan_document
        from spamgate.model import Document

        self.scan_document = scan_document
        self.Document = Document
        self.thresholds = config.thresholds
        self.report = report
        self.max_spam = max_spam
        self.parallel = parallel and hasattr(os, "fork") and _cores() > 1
        self.helper: _Helper | None = None
        self.order = 0

    def file(self, path: str, text: str, encoding: str, commit: str, subject: str | None) -> bool:
        return self._dispatch("file", path, text, encoding, commit, subject)

    def message(self, commit: str, message: str) -> bool:
        return self._dispatch("commit-message", f"commit {commit[:12]} message", message, "utf-8", commit, None)

    def _dispatch(self, kind: str, path: str, text: str, encoding: str, commit: str, subject: str | None) -> bool:
        """Scan a document (here or in the helper); True when enough spam has been found to stop."""
        self.order += 1
        order = self.order
        helper = self.helper
        if helper is None and self.parallel and self.report.documents >= HELPER_AFTER:
            self.parallel = False
            helper = self.helper = _Helper.start(self.thresholds)
        if helper is not None:
            try:
                if helper.has_room():
                    helper.send((kind, path, text, encoding, commit, subject, order))
                    return self._collect(helper.poll(0.0))
                if self._collect(helper.poll(0.0)):
                    return True
            except _HelperGone:
                if self._take_back():
                    return True
        document = self.Document(path=path, text=text, kind=kind, encoding=encoding, commit_subject=subject,
                                 commit=commit)
        # Inline suppressions are text the pusher wrote: never honoured here.
        result = self.scan_document(document, profile="push", thresholds=self.thresholds, allow_suppressions=False)
        result = result._replace(document=None)  # keep the findings, not the whole text
        return self.record(result, kind, commit, path, order)

    def _take_back(self) -> bool:
        """The helper is gone: scan here what it had not answered."""
        helper, self.helper = self.helper, None
        jobs = list(helper.outstanding)
        helper.outstanding.clear()
        helper.close()
        stop = False
        for kind, path, text, encoding, commit, subject, _order in jobs:
            stop = self._dispatch(kind, path, text, encoding, commit, subject) or stop
        return stop

    def _collect(self, done: list) -> bool:
        stop = False
        for (kind, path, _text, _encoding, commit, _subject, order), result in done:
            stop = self.record(result, kind, commit, path, order) or stop
        return stop

    def record(self, result, kind: str, commit: str, path: str, order: int = 0) -> bool:
        report = self.report
        report.documents += 1
        if result is None:  # clean, from the helper
            return False
        if result.errors:
            for error in result.errors[:MAX_KEPT - len(report.errors)]:
                report.errors.append(f"rule {error.rule} failed on {safe(path, 80)}: {safe(error.error, 200)}")
        if result.failed:
            report.spam.append(Hit(Item((), kind, commit, path), result, order))
            return self.max_spam is not None and len(report.spam) >= self.max_spam
        if result.verdict.verdict != "clean":
            report.suspicious_count += 1
            if len(report.suspicious) < MAX_KEPT:
                report.suspicious.append(Hit(Item((), kind, commit, path), result, order))
        return False

    def finish(self, deadline: float) -> None:
        """Collect what the helper still has (until ``deadline``), then stop it."""
        helper = self.helper
        if helper is None:
            return
        try:
            while helper.outstanding:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.report.timed_out = True
                    break
                if self._collect(helper.poll(min(remaining, 0.5))):
                    break
        except _HelperGone:
            self._take_back()
        finally:
            if self.helper is not None:
                self.helper.close()
                self.helper = None


def _cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _HelperGone(Exception):
    """The helper process ended; what it had not answered is scanned in this process."""


HELPER_AFTER = 64  # documents scanned before a push counts as large enough for a helper process
HELPER_QUEUE = 4  # documents handed to the helper and not yet answered


class _Helper:
    """A forked process that scans the documents it is sent and answers each in order.

    Documents go out and results come back as length-prefixed ``marshal``
    records; a result is None for a clean document, else the parts of a
    FileResult the report uses.  Writes never block: what the pipe cannot take
    now waits in a buffer, so the two processes can never wait on each other.
    """

    def __init__(self, pid: int, out_fd: int, in_fd: int):
        self.pid, self.out_fd, self.in_fd = pid, out_fd, in_fd
        self.outstanding: deque = deque()
        self.wbuf = b""
        self.rbuf = b""
        self.dead = False

    @classmethod
    def start(cls, thresholds) -> "_Helper | None":
        docs_r, docs_w = os.pipe()
        results_r, results_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (docs_r, docs_w, results_r, results_w):
                os.close(fd)
            return None
        if pid == 0:
            code = 0
            try:
                _close_all_but((docs_r, results_w))
                _helper_main(docs_r, results_w, thresholds)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(docs_r)
        os.close(results_w)
        os.set_blocking(docs_w, False)
        git._pipe_size(docs_w)
        return cls(pid, docs_w, results_r)

    def has_room(self) -> bool:
        return not self.dead and not self.wbuf and len(self.outstanding) < HELPER_QUEUE

    def send(self, job: tuple) -> None:
        import marshal

        data = marshal.dumps(job)
        self.outstanding.append(job)
        self.wbuf = len(data).to_bytes(4, "little") + data
        self._flush()

    def _flush(self) -> None:
        if self.wbuf and not self.dead:
            try:
                self.wbuf = self.wbuf[os.write(self.out_fd, self.wbuf):]
            except BlockingIOError:
                pass
            except OSError:
                self._died()

    def _died(self) -> None:
        self.dead = True
        self.wbuf = b""
        raise _HelperGone()

    def poll(self, timeout: float) -> list:
        """Results that have arrived (waiting up to ``timeout`` for the first): [(job, result)]."""
        import marshal
        import select

        done = []
        while True:
            self._flush()
            wanted_w = [self.out_fd] if self.wbuf else []
            ready_r, _, _ = select.select([self.in_fd], wanted_w, [], timeout)
            timeout = 0.0  # wait at most once per call
            if not ready_r:
                return done
            chunk = os.read(self.in_fd, 1 << 20)
            if not chunk:
                self._died()
            self.rbuf += chunk
            while len(self.rbuf) >= 4:
                size = int.from_bytes(self.rbuf[:4], "little")
                if len(self.rbuf) < 4 + size:
                    break
                record = marshal.loads(self.rbuf[4:4 + size])
                self.rbuf = self.rbuf[4 + size:]
                done.append((self.outstanding.popleft(), _result_from(record)))

    def close(self) -> None:
        for fd in (self.out_fd, self.in_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass


def _close_all_but(keep: tuple[int, ...]) -> None:
    """In a forked helper: close every inherited descriptor but ``keep`` (and 0-2), so no git pipe stays open."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _helper_main(in_fd: int, out_fd: int, thresholds) -> None:
    import marshal

    from spamgate.engine import scan_document
    from spamgate.model import Document

    buf = b""
    while True:
        while len(buf) < 4 or len(buf) < 4 + int.from_bytes(buf[:4], "little"):
            chunk = os.read(in_fd, 1 << 20)
            if not chunk:
                return
            buf += chunk
        size = int.from_bytes(buf[:4], "little")
        kind, path, text, encoding, commit, subject, _order = marshal.loads(buf[4:4 + size])
        buf = buf[4 + size:]
        document = Document(path=path, text=text, kind=kind, encoding=encoding, commit_subject=subject,
                            commit=commit)
        result = scan_document(document, profile="push", thresholds=thresholds, allow_suppressions=False)
        data = marshal.dumps(_result_record(result))
        view = memoryview(len(data).to_bytes(4, "little") + data)
        while view:
            view = view[os.write(out_fd, view):]


_FINDING_FIELDS = ("code", "name", "severity", "line", "column", "end_line", "end_column", "text", "message",
                   "suggestion", "characters", "weight", "offset", "end_offset", "location")


def _result_record(result):
    """What the report needs of a FileResult, in marshal's types; None for a clean document."""
    if not result.failed and not result.errors and result.verdict.verdict == "clean":
        return None
    verdict = result.verdict
    return (result.path, result.failed, verdict.verdict, verdict.score, list(verdict.reasons),
            [tuple(getattr(f, name) for name in _FINDING_FIELDS) for f in result.findings],
            [(e.rule, e.error, e.detail) for e in result.errors])


def _result_from(record):
    if record is None:
        return None
    from spamgate.engine import FileResult, RuleError
    from spamgate.model import Finding
    from spamgate.verdict import Verdict

    path, failed, verdict, score, reasons, findings, errors = record
    return FileResult(path=path, findings=[Finding(**dict(zip(_FINDING_FIELDS, values))) for values in findings],
                      verdict=Verdict(verdict, score, reasons), failed=failed,
                      errors=[RuleError(*e) for e in errors])


def scan_items(items: list[Item], cat: git.CatFile, config: ServerConfig, report: Report, deadline: float,
               max_spam: int | None = None) -> None:
    """Scan ``items`` in order (blobs read through ``cat``) until ``deadline`` or ``max_spam`` spam documents."""
    from spamgate.reader import Skipped, decode

    judge = _Judge(config, report, max_spam)
    report.planned += len(items)
    cat.request(i.blob for i in items if i.kind == "file")
    for item in items:
        if time.monotonic() > deadline:
            report.timed_out = True
            break
        if item.kind == "file":
            oid, otype, size, data = cat.read(config.max_blob_size)
            if data is None:
                report.skipped += 1
                continue
            decoded = decode(data, item.path)
            if isinstance(decoded, Skipped):
                report.skipped += 1
                continue
            stop = judge.file(item.path, decoded[0], decoded[1], item.commit, item.subject)
        else:
            stop = judge.message(item.commit, item.message)
        if stop:
            break


# ---------------------------------------------------------------------------
# Output and the decision

class Output:
    """Lines for the pusher, each with the spamgate (and GitLab) prefix, written at once."""

    def __init__(self, gitlab: bool):
        self.prefix = (GITLAB_PREFIX if gitlab else "") + PREFIX
        self.lines: list[str] = []

    def add(self, line: str = "") -> None:
        self.lines.append((self.prefix + line).rstrip())

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def _describe(hit: Hit, push: Push) -> str:
    item = hit.item
    if item.kind == "commit-message":
        return f"the message of commit {item.commit[:12]}"
    what = "wiki page" if push.wiki else "file"
    return f'{what} "{safe(item.path, 120)}" in commit {item.commit[:12]}'


def _reasons(result, n: int = 3) -> str:
    return "; ".join(safe(r, 80) for r in result.verdict.reasons[:n])


def refusal_lines(report: Report, push: Push, config: ServerConfig, out: Output, warn_only: bool) -> None:
    first = report.spam[0]
    verb = "push accepted in warning mode, but" if warn_only else "push refused:"
    out.add(f"{verb} {_describe(first, push)} looks like spam")
    out.add(f"  verdict {first.result.verdict.verdict}, score {first.result.verdict.score:g}: {_reasons(first.result)}")
    if len(report.spam) > 1:
        out.add(f"  ({len(report.spam) - 1} more document{'s' if len(report.spam) > 2 else ''} in this push look like spam)")
    out.add(safe(config.contact, 300))
    if config.max_details <= 0:
        return
    out.add()
    out.add("details:")
    ordered = [(hit, f) for hit in report.spam for f in _details_order(hit.result)]
    for hit, f in ordered[:config.max_details]:
        where = hit.item.path if f.location == "content" else f"{hit.item.path} ({f.location})"
        pos = f":{f.line}:{f.column}" if f.line else ""
        out.add(f"  {hit.item.commit[:12]} {safe(where, 100)}{pos}: {f.code} {safe(f.message, 160)}")
    hidden = len(ordered) - config.max_details
    if hidden > 0:
        out.add(f"  ... and {hidden} more finding{'s' if hidden != 1 else ''}")


def _details_order(result) -> list:
    """Findings with the strongest evidence first: a few of each check, biggest contribution first."""
    rank = {}
    for n, reason in enumerate(result.verdict.reasons):
        rank.setdefault(reason.split(" ", 1)[0], n)
    findings = sorted(result.findings, key=lambda f: rank.get(f.code, len(rank)))
    first, rest, per_code = [], [], {}
    for f in findings:
        per_code[f.code] = per_code.get(f.code, 0) + 1
        (first if per_code[f.code] <= 3 else rest).append(f)
    return first + rest


def log_record(decision: str, reason: str, push: Push, updates: list[RefUpdate], report: Report | None,
               elapsed: float, error: str | None = None) -> dict:
    record = {
        "time": None,
        "decision": decision,
        "reason": reason,
        "repository": push.repository,
        "repository_path": push.repo_dir,
        "wiki": push.wiki,
        "pusher": {"name": push.pusher_name, "id": push.pusher_id, "email": push.pusher_email},
        "refs": [{"ref": u.ref, "old": u.old, "new": u.new} for u in updates[:MAX_LOGGED_REFS]],
        "ref_count": len(updates),
    }
    from spamgate.server.decisionlog import utc_now

    record["time"] = utc_now()
    hits = (report.spam or report.suspicious) if report else []
    if hits:
        worst = max(hits, key=lambda h: h.result.verdict.score)
        record["verdict"] = worst.result.verdict.verdict
        record["score"] = worst.result.verdict.score
    else:
        record["verdict"] = None
        record["score"] = None
    record["documents"] = [
        {"commit": h.item.commit, "path": h.item.path, "kind": h.item.kind,
         "verdict": h.result.verdict.verdict, "score": h.result.verdict.score,
         "reasons": h.result.verdict.reasons[:5]}
        for h in hits[:10]
    ]
    findings = []
    for h in hits:
        for f in h.result.findings:
            if len(findings) >= 20:
                break
            findings.append({"commit": h.item.commit, "path": h.item.path, "code": f.code, "name": f.name,
                             "line": f.line, "column": f.column, "text": f.text[:200]})
    record["findings"] = findings
    if report is not None:
        record["scanned"] = {"commits": report.commits, "documents": report.documents,
                             "planned": report.planned, "skipped": report.skipped,
                             "suspicious": report.suspicious_count,
                             "timed_out": report.timed_out}
        if report.errors:
            record["errors"] = report.errors[:10]
    if error:
        record["error"] = error
    record["elapsed"] = round(elapsed, 3)
    return record


class Hook:
    """One run of the pre-receive hook; the time budget is enforced from outside the scan."""

    def __init__(self, config: ServerConfig, push: Push, gitlab: bool = False, stream=None):
        import sys

        self.config = config
        self.push = push
        self.out = Output(gitlab or config.gitlab)
        self.stream = stream if stream is not None else sys.stderr.buffer
        self.start = time.monotonic()
        self.updates: list[RefUpdate] = []

    # -- final output, exactly once -------------------------------------------------
    def _finish(self, status: int, record: dict | None) -> int:
        text = self.out.text()
        if text:
            try:
                self.stream.write(text.encode("utf-8", "replace"))
                self.stream.flush()
            except OSError:
                pass
        if record is not None and self.config.log_file:
            from spamgate.server.decisionlog import append

            problem = append(self.config.log_file, record, forbidden_dir=self.push.repo_dir)
            if problem:
                try:
                    self.stream.write((self.out.prefix + "warning: " + problem + "\n").encode("utf-8", "replace"))
                    self.stream.flush()
                except OSError:
                    pass
        return status

    def _policy(self, outcome: str) -> int:
        return 1 if outcome == REFUSE and self.config.mode != WARN else 0

    def _timeout(self) -> tuple[int, dict]:
        """The budget is spent and the scan has not returned: the configured outcome."""
        status = self._policy(self.config.on_timeout)
        self.out.lines.clear()
        word = "refused" if status else "accepted"
        self.out.add(f"time budget of {self.config.time_budget:g} s used up before the scan ended; "
                     f"push {word} (on_timeout = {self.config.on_timeout})")
        if status:
            self.out.add(safe(self.config.contact, 300))
        record = log_record("refused" if status else "accepted", "timeout", self.push, self.updates, None,
                            time.monotonic() - self.start)
        return status, record

    def run(self, data: bytes) -> int:
        try:
            updates = self._to_scan(data)
        except Exception as exc:
            return self._finish(*self._error(exc))
        if not updates:
            return 0
        deadline = self.start + self.config.time_budget * 0.85  # leaves time to report
        if hasattr(os, "fork"):
            status, record = self._run_forked(updates, deadline)
        else:  # pragma: no cover - platforms without fork
            status, record = self._run_threaded(updates, deadline)
        return self._finish(status, record)

    def _scan_safely(self, updates: list[RefUpdate], deadline: float) -> tuple[int, dict | None]:
        try:
            return self._decide(updates, deadline)
        except Exception as exc:  # a bug or a git failure: the configured policy decides
            return self._error(exc)

    def _run_forked(self, updates: list[RefUpdate], deadline: float) -> tuple[int, dict | None]:
        """Scan in a child process; past the budget the parent kills it, whatever it is doing.

        A thread cannot stop code that holds the interpreter (one long regular
        expression call), but a parent process can always stop a child.
        """
        import marshal
        import select
        import signal

        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: scan, send the decision to the parent, exit
            code = 0
            try:
                os.close(read_end)
                try:
                    os.setpgid(0, 0)  # its own group, so its git processes can be stopped with it
                except OSError:
                    pass
                status, record = self._scan_safely(updates, deadline)
                payload = marshal.dumps({"status": status, "lines": self.out.lines, "record": record})
                view = memoryview(payload)
                while view:
                    view = view[os.write(write_end, view):]
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(write_end)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        chunks: list[bytes] = []
        finished = False
        hard_deadline = self.start + self.config.time_budget
        try:
            while True:
                remaining = hard_deadline - time.monotonic()
                if remaining <= 0:
                    break
                ready, _, _ = select.select([read_end], [], [], remaining)
                if not ready:
                    break
                chunk = os.read(read_end, 1 << 16)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
        finally:
            os.close(read_end)
        if not finished:
            for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    kill()
                    break
                except OSError:
                    continue
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        if not finished:
            return self._timeout()
        try:
            payload = marshal.loads(b"".join(chunks))
            self.out.lines = [str(line) for line in payload["lines"]]
            return int(payload["status"]), payload["record"]
        except (ValueError, KeyError, TypeError, EOFError):
            return self._error(RuntimeError("the scan ended without a decision"))

    def _run_threaded(self, updates: list[RefUpdate], deadline: float) -> tuple[int, dict | None]:
        """Scan in this process, with a watchdog thread that exits when the budget is spent."""
        done = threading.Lock()

        def watchdog():
            if not done.acquire(blocking=False):
                return  # the scan is already reporting
            git.kill_all()
            self._finish(*self._timeout())
            os._exit(self._policy(self.config.on_timeout))

        timer = threading.Timer(max(0.0, self.start + self.config.time_budget - time.monotonic()), watchdog)
        timer.daemon = True
        timer.start()
        try:
            result = self._scan_safely(updates, deadline)
        finally:
            timer.cancel()
        if not done.acquire(blocking=False):
            time.sleep(3600)  # the watchdog is exiting the process
        return result

    def _error(self, exc: BaseException) -> tuple[int, dict]:
        message = str(exc) if isinstance(exc, (git.GitError, InputError)) else describe_exception(exc)
        status = self._policy(self.config.on_error)
        self.out.lines.clear()
        word = "refused" if status else "accepted"
        self.out.add(f"error: {safe(message, 300)}; push {word} (on_error = {self.config.on_error})")
        if status:
            self.out.add(safe(self.config.contact, 300))
        record = log_record("refused" if status else "accepted", "error", self.push, self.updates, None,
                            time.monotonic() - self.start, error=message)
        return status, record

    def _to_scan(self, data: bytes) -> list[RefUpdate]:
        """The ref updates to scan; empty when the push is accepted without a scan."""
        config, push = self.config, self.push
        self.updates = parse_input(data)
        if push.internal and not config.scan_internal_pushes:
            return []
        if config.pusher_is_exempt(push.pusher_name) or config.repository_is_exempt(push.names):
            return []
        updates = [u for u in self.updates if not config.ref_is_skipped(u.ref)]
        if not any(not u.is_delete for u in updates):
            return []  # deletions only, skipped refs, or nothing at all
        return updates

    def _decide(self, updates: list[RefUpdate], deadline: float) -> tuple[int, dict | None]:
        config, push, out = self.config, self.push, self.out
        report = scan(updates, push, config, deadline)
        elapsed = time.monotonic() - self.start
        if report.spam:
            warn_only = config.mode == WARN
            refusal_lines(report, push, config, out, warn_only)
            decision = "warned" if warn_only else "refused"
            return (0 if warn_only else 1), log_record(decision, "spam", push, self.updates, report, elapsed)
        if report.errors:
            status = self._policy(config.on_error)
            word = "refused" if status else "accepted"
            out.add(f"error: {report.errors[0]}; push {word} (on_error = {config.on_error})")
            if status:
                out.add(safe(config.contact, 300))
            return status, log_record("refused" if status else "accepted", "error", push, self.updates,
                                      report, elapsed, error=report.errors[0])
        if report.timed_out:
            status = self._policy(config.on_timeout)
            word = "refused" if status else "accepted"
            out.add(f"time budget of {config.time_budget:g} s used up after scanning {report.documents} of "
                    f"{report.planned} documents; push {word} (on_timeout = {config.on_timeout})")
            if status:
                out.add(safe(config.contact, 300))
            return status, log_record("refused" if status else "accepted", "timeout", push, self.updates,
                                      report, elapsed)
        if report.suspicious and config.log_suspicious:
            return 0, log_record("accepted", "suspicious", push, self.updates, report, elapsed)
        return 0, None
