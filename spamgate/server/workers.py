"""Judging documents, here or in a forked helper process on another core.

A job is one document in marshal's types: ``(kind, path, text, encoding,
commit, subject, places)``; ``places`` maps an excerpt of a large file back to
the file (see ``content``).  Jobs go to a helper and results come back as
length-prefixed ``marshal`` records; a result is None for a clean document,
else the parts of a FileResult the report uses.  Writes never block: what the
pipe cannot take now waits in a buffer, so the two processes can never wait on
each other.
"""
from __future__ import annotations

import os
from collections import deque

HELPER_QUEUE = 4  # documents handed to the helper and not yet answered


def examine(job: tuple, thresholds):
    """Judge one job under the push profile, inline suppressions off (they are
    text the pusher wrote); the FileResult, its findings placed in the file."""
    from spamgate.engine import scan_document
    from spamgate.model import Document, PushContext

    kind, path, text, encoding, commit, subject, places, context = job
    document = Document(path=path, text=text, kind=kind, encoding=encoding, commit_subject=subject, commit=commit,
                        context=PushContext(*context) if context is not None else None)
    result = scan_document(document, profile="push", thresholds=thresholds, allow_suppressions=False)
    findings = result.findings
    if places:
        from spamgate.server.content import place

        findings = place(places, document, findings)
    return result._replace(findings=findings, document=None)  # keep the findings, not the whole text


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class HelperGone(Exception):
    """The helper process ended; the documents it held were not judged."""


class Helper:
    """A forked process that judges the jobs it is sent and answers each in order."""

    def __init__(self, pid: int, out_fd: int, in_fd: int):
        self.pid, self.out_fd, self.in_fd = pid, out_fd, in_fd
        self.outstanding: deque = deque()  # (job, tag) sent and not answered
        self.wbuf = b""
        self.rbuf = b""
        self.dead = False

    @classmethod
    def start(cls, thresholds) -> "Helper | None":
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
                close_all_but((docs_r, results_w))
                _helper_main(docs_r, results_w, thresholds)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(docs_r)
        os.close(results_w)
        os.set_blocking(docs_w, False)
        from spamgate.server.git import pipe_size

        pipe_size(docs_w)
        return cls(pid, docs_w, results_r)

    def has_room(self) -> bool:
        return not self.dead and not self.wbuf and len(self.outstanding) < HELPER_QUEUE

    def send(self, job: tuple, tag) -> None:
        import marshal

        data = marshal.dumps(job)
        self.outstanding.append((job, tag))
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
        raise HelperGone()

    def poll(self, timeout: float) -> list:
        """Results that have arrived (waiting up to ``timeout`` for the first): [(job, tag, result)]."""
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
                job, tag = self.outstanding.popleft()
                done.append((job, tag, result_from(record)))

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


def close_all_but(keep: tuple[int, ...]) -> None:
    """In a forked process: close every inherited descriptor but ``keep`` (and 0-2), so no git pipe
    or scan slot stays open in it."""
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

    buf = b""
    while True:
        while len(buf) < 4 or len(buf) < 4 + int.from_bytes(buf[:4], "little"):
            chunk = os.read(in_fd, 1 << 20)
            if not chunk:
                return
            buf += chunk
        size = int.from_bytes(buf[:4], "little")
        job = marshal.loads(buf[4:4 + size])
        buf = buf[4 + size:]
        data = marshal.dumps(result_record(examine(job, thresholds)))
        view = memoryview(len(data).to_bytes(4, "little") + data)
        while view:
            view = view[os.write(out_fd, view):]


_FINDING_FIELDS = ("code", "name", "severity", "line", "column", "end_line", "end_column", "text", "message",
                   "suggestion", "characters", "weight", "offset", "end_offset", "location")


def result_record(result):
    """What the report needs of a FileResult, in marshal's types; None for a clean document."""
    if result is None or not result.failed and not result.errors and result.verdict.verdict == "clean":
        return None
    verdict = result.verdict
    return (result.path, result.failed, verdict.verdict, verdict.score, list(verdict.reasons),
            [tuple(getattr(f, name) for name in _FINDING_FIELDS) for f in result.findings],
            [(e.rule, e.error, e.detail) for e in result.errors])


def result_from(record):
    if record is None:
        return None
    from spamgate.engine import FileResult, RuleError
    from spamgate.model import Finding
    from spamgate.verdict import Verdict

    path, failed, verdict, score, reasons, findings, errors = record
    return FileResult(path=path, findings=[Finding(**dict(zip(_FINDING_FIELDS, values))) for values in findings],
                      verdict=Verdict(verdict, score, list(reasons)), failed=failed,
                      errors=[RuleError(*e) for e in errors])
