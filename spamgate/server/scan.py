"""The scan: one pipeline for the pre-receive hook and the audit.

A source lists what to judge into a schedule from a thread of its own (see
``listing``); the scan takes the likeliest spam first, reads it through one
``git cat-file --batch`` a few hundred objects ahead, turns bytes into text (a
stray NUL or an invalid byte does not stop a page from being read; a blob over
the size limit is judged by its start and end, see ``content``) and judges each
document here or, once a push proves large, in a helper process too.

Nothing is dropped unnoticed: what cannot be judged (the time budget ran out,
git or a helper died, a rule failed on it, an object is missing) is kept in the
report as unjudged, with the reason, and the caller decides what to do with it.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque

from typing import NamedTuple
from spamgate.server import git
from spamgate.server.listing import (MESSAGE, MESSAGE_NOW, SUBJECT, FileEntry, MessageEntry, ObjectEntry,
                                     Schedule, Stopped, is_page)
from spamgate.server.safe import safe

MAX_SPAM_DOCUMENTS = 10  # a push stops being scanned after this many spam documents
MAX_KEPT = 100  # suspicious documents and errors kept for the log
WINDOW = 256  # objects asked of cat-file ahead of the scan (a few hundred: few writes, git kept busy)
READ_AHEAD = 1 << 20  # bytes of files asked ahead: what is listed later and likelier spam is not kept waiting
HELD_MESSAGES = 2 << 20  # characters of commit messages held for later; past this they are judged at once
HELPER_AFTER = 64  # documents judged before a push counts as large enough for a helper process
SPAM_GRACE = 0.5  # seconds a push goes on being judged after its first spam document (for the report)
TIME_UP = "time budget used up"
HELPER_GONE = "the scan's helper process ended unexpectedly"
_STOP = "enough spam found"


def describe_exception(exc: BaseException) -> str:
    """``Type: message`` for an unexpected exception; a bare lower-case name such
    as ``error`` (re.error, regex.error) is qualified by its module, so it never
    reads as a second "error:" prefix."""
    kind = type(exc)
    name = kind.__name__
    if name.islower():
        name = f"{kind.__module__.split('.')[0]}.{name}"
    return f"{name}: {exc}"


class Unjudged(NamedTuple):
    """A document that was not judged, and why."""

    kind: str  # "file" or "commit-message"
    commit: str | None
    blob: str | None
    path: str | None
    reason: str


class Hit:
    """A judged document that is spam or suspicious."""

    __slots__ = ("kind", "commit", "path", "blob", "result", "order", "notes")

    def __init__(self, kind: str, commit: str, path: str, blob: str | None, result, order: int = 0,
                 notes: list[str] | None = None):
        self.kind, self.commit, self.path, self.blob = kind, commit, path, blob
        self.result = result  # spamgate.engine.FileResult
        self.order = order  # when it was judged, among the scan's documents
        self.notes = notes or []  # how its text was read (excerpt, replaced bytes)

    def to_marshal(self) -> tuple:
        from spamgate.server.workers import result_record

        return (self.kind, self.commit, self.path, self.blob, self.order, self.notes, result_record(self.result))

    @classmethod
    def from_marshal(cls, record: tuple) -> "Hit":
        from spamgate.server.workers import result_from

        kind, commit, path, blob, order, notes, result = record
        return cls(kind, commit, path, blob, result_from(result), order, list(notes))


class Report:
    """What the scan found, and what it could not judge."""

    COUNTS = ("commits", "documents", "skipped", "planned", "replaced", "windowed", "suspicious_count")

    def __init__(self):
        self.commits = 0
        self.documents = 0  # judged
        self.skipped = 0  # binary
        self.planned = 0  # documents listed
        self.replaced = 0  # documents whose invalid bytes were replaced for scanning
        self.windowed = 0  # documents over the size limit, judged by their start and end
        self.suspicious_count = 0
        self.spam: list[Hit] = []
        self.suspicious: list[Hit] = []
        self.unjudged: list[Unjudged] = []
        self.errors: list[str] = []
        self.complete = True  # everything was listed (else what was never listed is unjudged too)
        self.timed_out = False

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_KEPT:
            self.errors.append(message)

    @property
    def judged_in_full(self) -> bool:
        return self.complete and not self.unjudged

    def to_marshal(self) -> dict:
        return {"counts": [getattr(self, name) for name in self.COUNTS],
                "spam": [h.to_marshal() for h in self.spam], "suspicious": [h.to_marshal() for h in self.suspicious],
                "unjudged": [tuple(u) for u in self.unjudged], "errors": self.errors,
                "complete": self.complete, "timed_out": self.timed_out}

    @classmethod
    def from_marshal(cls, data: dict) -> "Report":
        report = cls()
        for name, value in zip(cls.COUNTS, data["counts"]):
            setattr(report, name, int(value))
        report.spam = [Hit.from_marshal(h) for h in data["spam"]]
        report.suspicious = [Hit.from_marshal(h) for h in data["suspicious"]]
        report.unjudged = [Unjudged(*u) for u in data["unjudged"]]
        report.errors = [str(e) for e in data["errors"]]
        report.complete, report.timed_out = bool(data["complete"]), bool(data["timed_out"])
        return report


def scan(source, repo_dir: str, wiki: bool, config, report: Report, deadline: float = math.inf,
         listing_deadline: float | None = None, max_spam: int | None = None, helper_slot=None,
         context=None) -> None:
    """Judge what ``source`` lists until it is done, ``max_spam`` spam documents
    are found, or ``deadline`` (time.monotonic) passes; then whatever is left,
    and whatever is listed until ``listing_deadline``, is unjudged.  With
    ``max_spam`` (a push, refused once spam is found), the scan also stops
    ``SPAM_GRACE`` seconds after the first spam document.  ``helper_slot``: a
    callable giving a host-wide scan slot (or None) for a helper process, once
    the scan proves large.  ``context``: the ``PushContext`` the documents are
    judged in (who pushes them, to which repository), or None."""
    schedule = Schedule(wiki, report)
    filler = threading.Thread(target=schedule.fill, args=(source,), daemon=True)
    filler.start()
    judge = _Judge(config, report, max_spam, helper_slot, context)
    state = _Scan(schedule, judge, config, report, deadline, SPAM_GRACE if max_spam is not None else None)
    try:
        try:
            state.cat = git.CatFile(repo_dir)
            outcome = state.run()
        except git.GitError as exc:
            outcome = str(exc)
        except Exception as exc:  # a bug must not let the rest through unjudged
            outcome = f"the scan failed: {describe_exception(exc)}"
        if outcome is None:
            outcome = judge.finish(state.deadline)
        if outcome == TIME_UP and report.spam:
            outcome = _STOP  # refused anyway: what is left does not matter
        if outcome is not None and outcome != _STOP:
            if outcome != TIME_UP:
                report.error(outcome)
            state.abandon(outcome, deadline if listing_deadline is None else listing_deadline)
    finally:
        judge.close()
        if state.cat is not None:
            state.cat.close()
        schedule.stop()
        source.close()
    filler.join(timeout=5)
    error = schedule.error
    if error is not None and not isinstance(error, Stopped):
        report.complete = False
        report.error(str(error) if isinstance(error, git.GitError) else describe_exception(error))
    # Results came back from two processes: report them in the order they were judged.
    report.spam.sort(key=lambda hit: hit.order)
    report.suspicious.sort(key=lambda hit: hit.order)


class _Sink:
    """Takes the content of a blob over the size limit, piece by piece, into head and tail windows."""

    def __init__(self, window: int):
        self.window = window
        self.windows = None

    def __call__(self, piece: bytes) -> None:
        if self.windows is None:
            from spamgate.server.content import Windows

            self.windows = Windows(self.window)
        self.windows.feed(piece)


class _Scan:
    def __init__(self, schedule: Schedule, judge: "_Judge", config, report: Report, deadline: float,
                 spam_grace: float | None):
        self.schedule, self.judge, self.config, self.report, self.deadline = schedule, judge, config, report, deadline
        self.spam_grace = spam_grace
        self.cat: git.CatFile | None = None
        self.inflight: deque = deque()
        self.ahead = 0  # bytes of files asked of git and not judged yet
        self.held = 0  # characters of messages waiting in the schedule

    def run(self) -> str | None:
        """Judge until everything listed is judged (None), or a reason to stop."""
        from spamgate.reader import decode_replacing, looks_binary

        schedule, cat, judge, inflight = self.schedule, self.cat, self.judge, self.inflight
        keep = self.config.max_blob_size
        sink = _Sink(self.config.window_size)
        monotonic = time.monotonic
        while True:
            now = monotonic()
            if now > self.deadline:
                if self.report.spam:
                    return _STOP
                self.report.timed_out = True
                return TIME_UP
            if self.spam_grace is not None and self.report.spam:
                self.deadline = min(self.deadline, now + self.spam_grace)
                self.spam_grace = None
            if len(inflight) <= WINDOW // 2 and self.ahead <= READ_AHEAD // 2:
                taken, finished = schedule.take(WINDOW - len(inflight), not inflight, min(self.deadline - now, 0.5),
                                                READ_AHEAD - self.ahead)
                ids = []
                for entry in taken:
                    if type(entry) is MessageEntry:
                        self.held -= len(entry.text)
                        if judge.message(entry.commit, entry.text, entry.label):
                            return _STOP
                        continue
                    if type(entry) is ObjectEntry:
                        ids.append(entry.oid)
                    else:
                        ids.append(entry.blob)
                        self.ahead += entry.size
                    inflight.append(entry)
                if ids:
                    cat.send(ids)
                if not inflight:
                    if finished:
                        return None
                    continue
            entry = inflight[0]
            sink.windows = None
            otype, _size, data = cat.next(keep, sink)
            inflight.popleft()
            if type(entry) is FileEntry:
                self.ahead -= entry.size
            try:
                if type(entry) is ObjectEntry:
                    stop = self._object(entry, otype, data, sink)
                elif otype == b"missing":
                    self.unjudge(entry, f"blob {entry.blob} is missing from the repository")
                    continue
                elif otype != b"blob":
                    continue
                else:
                    stop = self._file(entry, data, sink, decode_replacing, looks_binary)
            except Exception as exc:  # this document is unjudged; the others go on
                self.unjudge(entry, describe_exception(exc))
                continue
            if stop:
                return _STOP

    def _object(self, entry: ObjectEntry, otype: bytes, data: bytes | None, sink: _Sink) -> bool:
        if otype == b"missing":
            self.unjudge(entry, f"object {entry.oid} is missing from the repository")
            return False
        if otype not in (b"commit", b"tag"):
            return False
        if data is None:  # an object over the size limit: its start and end
            data = sink.windows.excerpt(True).text.encode("utf-8", "surrogatepass")
        info = git.parse_commit(entry.oid, data)
        entry.record[1] = info.subject[:500]
        if entry.purpose == SUBJECT or not info.message.strip():
            return False
        label = "tag" if otype == b"tag" else "commit"
        if entry.purpose == MESSAGE_NOW:
            return self.judge.message(entry.oid, info.message, label)
        if self.held + len(info.message) <= HELD_MESSAGES:
            self.held += len(info.message)
            self.schedule.push(MESSAGE, len(info.message), MessageEntry(entry.oid, info.message, label))
        else:  # too much held: read it again in its turn
            self.schedule.push(MESSAGE, len(info.message), ObjectEntry(entry.oid, entry.record, MESSAGE_NOW))
        return False

    def _file(self, entry: FileEntry, data: bytes | None, sink: _Sink, decode_replacing, looks_binary) -> bool:
        report = self.report
        path = git.decode_path(entry.path)
        page = is_page(path)
        notes = []
        places = None
        if data is not None:
            if not page and looks_binary(data):
                report.skipped += 1
                return False
            text, encoding, replaced = decode_replacing(data)
        else:
            excerpt = sink.windows.excerpt(page) if sink.windows is not None else None
            if excerpt is None:
                report.skipped += 1
                return False
            text, encoding, replaced, places = excerpt.text, "utf-8", excerpt.replaced, excerpt.places
            notes.append(excerpt.note())
            report.windowed += 1
        if replaced:
            report.replaced += 1
            notes.append(f"{replaced} invalid byte sequence{'s' if replaced != 1 else ''} read as U+FFFD")
        commit, subject = entry.commit if entry.commit is not None else ("", None)
        return self.judge.document("file", path, text, encoding, commit, subject, entry.blob, places, notes)

    def unjudge(self, entry, reason: str) -> None:
        item = _unjudged(entry, reason)
        if item is not None:
            self.report.unjudged.append(item)

    def abandon(self, reason: str, listing_deadline: float) -> None:
        """Everything not judged yet, and everything still to be listed, is unjudged for ``reason``."""
        for entry in self.inflight:
            self.unjudge(entry, reason)
        self.inflight.clear()
        self.judge.abandon(reason)
        if not self.schedule.drain(listing_deadline, lambda entry: self.unjudge(entry, reason)):
            self.report.complete = False


def _unjudged(entry, reason: str) -> Unjudged | None:
    if type(entry) is FileEntry:
        return Unjudged("file", entry.commit[0] if entry.commit else None, entry.blob, git.decode_path(entry.path),
                        reason)
    if type(entry) is MessageEntry:
        return Unjudged("commit-message", entry.commit, None, None, reason)
    if entry.purpose != SUBJECT:
        return Unjudged("commit-message", entry.oid, None, None, reason)
    return None


class _Judge:
    """Judges one document at a time, here or in a helper process, and keeps what the report needs."""

    def __init__(self, config, report: Report, max_spam: int | None, helper_slot=None, context=None):
        self.thresholds = config.thresholds
        self.context = tuple(context) if context is not None else None  # plain values: jobs are marshalled
        self.report = report
        self.max_spam = max_spam
        self.helper_slot = helper_slot
        self.slot = None
        self.helper = None
        self.order = 0

    def message(self, commit: str, text: str, label: str = "commit") -> bool:
        return self.document("commit-message", f"{label} {commit[:12]} message", text, "utf-8", commit, None, None,
                             None, [])

    def document(self, kind: str, path: str, text: str, encoding: str, commit: str, subject: str | None,
                 blob: str | None, places, notes: list[str]) -> bool:
        """Judge a document (here or in the helper); True when enough spam has been found to stop."""
        from spamgate.parallel import HelperGone
        from spamgate.server.workers import examine

        self.order += 1
        job = (kind, path, text, encoding, commit, subject, places, self.context)
        tag = (kind, commit, path, blob, self.order, notes)
        if self.helper is None and self.helper_slot is not None and self.report.documents >= HELPER_AFTER:
            self._start_helper()
        helper = self.helper
        sent = False
        if helper is not None:
            try:
                if helper.has_room():
                    sent = True
                    helper.send(job, tag)
                    return self._collect(helper.poll(0.0))
                if self._collect(helper.poll(0.0)):
                    return True
            except HelperGone:
                self.abandon(HELPER_GONE)
                if sent:
                    return False  # the helper held it: unjudged
        return self.record(examine(job, self.thresholds), tag)

    def _start_helper(self) -> None:
        """A helper process, if a host-wide scan slot is free for it (``max_parallel_scans``)."""
        from spamgate.server.workers import start_helper

        slot_for, self.helper_slot = self.helper_slot, None  # one try per scan
        self.slot = slot_for()
        if self.slot is not None:
            self.helper = start_helper(self.thresholds)

    def _collect(self, done: list) -> bool:
        from spamgate.server.workers import result_from

        stop = False
        for _job, tag, record in done:
            stop = self.record(result_from(record), tag) or stop
        return stop

    def record(self, result, tag: tuple) -> bool:
        kind, commit, path, blob, order, notes = tag
        report = self.report
        report.documents += 1
        if result is None:  # clean, from the helper
            return False
        if result.failed:
            report.spam.append(Hit(kind, commit, path, blob, result, order, notes))
            return self.max_spam is not None and len(report.spam) >= self.max_spam
        if result.errors:  # a rule failed and the rest did not find spam: not judged
            error = result.errors[0]
            reason = f"rule {error.rule} failed on {safe(path, 80)}: {safe(error.error, 200)}"
            report.error(reason)
            report.unjudged.append(Unjudged(kind, commit, blob, path if kind == "file" else None, reason))
        if result.verdict.verdict != "clean":
            report.suspicious_count += 1
            if len(report.suspicious) < MAX_KEPT:
                report.suspicious.append(Hit(kind, commit, path, blob, result, order, notes))
        return False

    def finish(self, deadline: float) -> str | None:
        """Collect what the helper still has, until ``deadline``; a reason when it could not."""
        from spamgate.parallel import HelperGone

        helper = self.helper
        try:
            while helper is not None and helper.outstanding:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.report.timed_out = True
                    return TIME_UP
                if self._collect(helper.poll(min(remaining, 0.5))):
                    return _STOP
        except HelperGone:
            self.abandon(HELPER_GONE)
        return None

    def abandon(self, reason: str) -> None:
        """The documents the helper holds are unjudged; the helper is stopped."""
        helper, self.helper = self.helper, None
        if helper is None:
            return
        for _job, (kind, commit, path, blob, _order, _notes) in helper.outstanding:
            self.report.unjudged.append(Unjudged(kind, commit, blob, path if kind == "file" else None, reason))
        helper.outstanding.clear()
        helper.close()

    def close(self) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None
        if self.slot is not None:
            self.slot.release()
            self.slot = None
