"""Helper processes: the other cores judge documents while this process judges its own.

A helper is a forked copy of this process, so it starts with everything this
process has loaded (rules, tables, compiled patterns) and nothing to import.
It reads jobs from a pipe, hands each to the function it was started with,
and answers each, in order, with that function's result.  Jobs and results
are values of marshal's types, sent as length-prefixed records.  Writes never
block: what the pipe cannot take now waits in a buffer, so the two processes
can never wait on each other.  A helper that dies raises ``HelperGone`` in
this process, which still holds the jobs it had sent (``outstanding``), so no
job is lost with it.
"""
from __future__ import annotations

import os
from collections import deque

QUEUE = 4  # jobs handed to a helper and not yet answered


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class HelperGone(Exception):
    """The helper process ended; the jobs it held were not done."""


class Helper:
    """A forked process that does the jobs it is sent and answers each in order."""

    def __init__(self, pid: int, out_fd: int, in_fd: int, queue: int = QUEUE):
        self.pid, self.out_fd, self.in_fd = pid, out_fd, in_fd
        self.queue = queue
        self.outstanding: deque = deque()  # (job, tag) sent and not answered
        self.wbuf = b""
        self.rbuf = b""
        self.dead = False

    @classmethod
    def start(cls, work, queue: int = QUEUE) -> "Helper | None":
        """A helper that answers each job with ``work(job)``; None when no process can be forked."""
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
                _helper_main(docs_r, results_w, work)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(docs_r)
        os.close(results_w)
        os.set_blocking(docs_w, False)
        pipe_size(docs_w)
        return cls(pid, docs_w, results_r, queue)

    def has_room(self) -> bool:
        return not self.dead and not self.wbuf and len(self.outstanding) < self.queue

    def send(self, job, tag) -> None:
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
        """Answers that have arrived (waiting up to ``timeout`` for the first): [(job, tag, result)]."""
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
                if done:  # what it answered before it ended counts; the next call says it is gone
                    return done
                self._died()
            self.rbuf += chunk
            while len(self.rbuf) >= 4:
                size = int.from_bytes(self.rbuf[:4], "little")
                if len(self.rbuf) < 4 + size:
                    break
                record = marshal.loads(self.rbuf[4:4 + size])
                self.rbuf = self.rbuf[4 + size:]
                job, tag = self.outstanding.popleft()
                done.append((job, tag, record))

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


def pipe_size(fd: int, size: int = 1 << 20) -> None:
    """Enlarge a pipe (Linux), so that big chunks are written and read in few calls."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (ImportError, OSError, ValueError):
        pass


def close_all_but(keep: tuple[int, ...]) -> None:
    """In a forked process: close every inherited descriptor but ``keep`` (and 0-2), so no pipe
    of another process or lock stays open in it."""
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


def _helper_main(in_fd: int, out_fd: int, work) -> None:
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
        data = marshal.dumps(work(job))
        view = memoryview(len(data).to_bytes(4, "little") + data)
        while view:
            view = view[os.write(out_fd, view):]
