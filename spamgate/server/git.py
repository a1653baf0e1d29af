"""Reading a repository with a few long-lived git processes.

A push of 10,000 commits costs one ``git rev-list``, one ``git diff-tree
--stdin``, one ``git cat-file --batch-check`` and one ``git cat-file --batch``,
whatever its size; objects stream through them one at a time.  Every git
process runs in the hook's working directory with the hook's environment, so
objects in git's quarantine (GIT_OBJECT_DIRECTORY,
GIT_ALTERNATE_OBJECT_DIRECTORIES) are visible.  Nothing here writes to the
repository.  Object ids may be SHA-1 (40 hex digits) or SHA-256 (64).
"""
from __future__ import annotations

import os
import queue
import subprocess
import threading
from typing import Iterable, Iterator

# git keeps up to 96 MiB of delta bases by default; a scan reads each object
# once, so a small cache costs no time and keeps each git process small.
GIT_OPTIONS = ("-c", "core.deltaBaseCacheLimit=16m")

GITLINK = "160000"
SYMLINK = "120000"

# Every git process started here, so a watchdog can stop them all.
_PROCESSES: list[subprocess.Popen] = []
_LOCK = threading.Lock()


class GitError(Exception):
    """A git command failed or produced output that cannot be read."""


def is_null(sha: str) -> bool:
    return bool(sha) and not sha.strip("0")


def is_hex_id(sha: str) -> bool:
    return len(sha) in (40, 64) and all(c in "0123456789abcdef" for c in sha)


def environment() -> dict:
    """The hook's environment, unchanged except that git takes no optional locks."""
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"
    return env


def _popen(args: list[str], cwd: str | None, drain: bool = True) -> subprocess.Popen:
    """Start git.  With ``drain``, a thread reads its standard error (keeping the
    end of it), so git can never block on a full stderr pipe while we read stdout."""
    try:
        proc = subprocess.Popen(
            ["git", *GIT_OPTIONS, *args], cwd=cwd, env=environment(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if drain:
        proc.error_tail = b""

        def drainer():
            try:
                for chunk in iter(lambda: proc.stderr.read1(4096), b""):
                    proc.error_tail = (proc.error_tail + chunk)[-4096:]
            except (OSError, ValueError):
                pass

        proc.drainer = threading.Thread(target=drainer, daemon=True)
        proc.drainer.start()
    with _LOCK:
        _PROCESSES.append(proc)
    return proc


def _forget(proc: subprocess.Popen) -> None:
    with _LOCK:
        if proc in _PROCESSES:
            _PROCESSES.remove(proc)


def kill_all() -> None:
    """Stop every git process still running (used when time runs out)."""
    with _LOCK:
        procs = list(_PROCESSES)
    for proc in procs:
        try:
            proc.kill()
        except OSError:
            pass


def run(args: list[str], cwd: str | None = None, input: bytes | None = None) -> bytes:
    """Run one git command to completion; its output, or GitError."""
    proc = _popen(args, cwd, drain=False)
    try:
        out, err = proc.communicate(input)
    finally:
        _forget(proc)
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else 'exit status %d' % proc.returncode}")
    return out


def _feed(proc: subprocess.Popen, lines: Iterable[str]) -> threading.Thread:
    """Write ``lines`` to the process's stdin from a thread (no pipe deadlock)."""

    def writer():
        try:
            stdin = proc.stdin
            for line in lines:
                stdin.write(line.encode("ascii") + b"\n")
            stdin.close()
        except (OSError, ValueError):
            pass  # the process ended early (killed, or an error it reports itself)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread


def _finish(proc: subprocess.Popen, what: str) -> None:
    proc.wait()
    drainer = getattr(proc, "drainer", None)
    if drainer is not None:
        drainer.join(timeout=5)
    err = getattr(proc, "error_tail", b"")
    _forget(proc)
    if proc.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {what} failed: {lines[-1] if lines else 'exit status %d' % proc.returncode}")


class Change:
    """A blob a commit adds or changes (against its first parent)."""

    __slots__ = ("commit", "path", "blob", "mode", "status")

    def __init__(self, commit: str, path: bytes, blob: str, mode: str, status: str):
        self.commit, self.path, self.blob, self.mode = commit, path, blob, mode
        self.status = status  # A, M, T, ...


def _nul_tokens(stream, chunk_size: int = 1 << 16) -> Iterator[bytes]:
    pending = b""
    while True:
        chunk = stream.read(chunk_size) if not hasattr(stream, "read1") else stream.read1(chunk_size)
        if not chunk:
            break
        pending += chunk
        parts = pending.split(b"\0")
        pending = parts.pop()
        yield from parts
    if pending:
        yield pending


def changed_blobs(commits: Iterable[str], cwd: str | None = None) -> Iterator[Change]:
    """New and changed blobs of each commit, by one ``git diff-tree --stdin``.

    Root commits are compared with the empty tree, merges with their first
    parent.  Deleted files, submodules (gitlinks) and symlinks are left out.
    """
    commits = list(commits)
    if not commits:
        return iter(())
    args = ["diff-tree", "--stdin", "-r", "-z", "--root", "--no-renames", *_merge_option()]
    proc = _popen(args, cwd)  # started now, so git works while the caller does other things
    _feed(proc, commits)
    return _read_changes(proc)


def _read_changes(proc: subprocess.Popen) -> Iterator[Change]:
    commit = None
    meta = None
    finished = False
    try:
        for token in _nul_tokens(proc.stdout):
            if meta is not None:
                old_mode, new_mode, _old, new, status = meta
                meta = None
                if status.startswith("D") or is_null(new) or not new_mode.startswith("100"):
                    continue  # deleted, submodule (160000), symlink (120000)
                yield Change(commit, token, new, new_mode, status[:1])
            elif token.startswith(b":"):
                fields = token[1:].decode("ascii", "replace").split()
                if len(fields) != 5:
                    raise GitError("git diff-tree: unexpected output")
                meta = fields
            elif token.strip():
                commit = token.strip().decode("ascii", "replace")
        finished = True
    finally:
        if not finished:
            proc.kill()
            proc.wait()
            _forget(proc)
    _finish(proc, "diff-tree")


_MERGE_OPTION: list[str] | None = None


def _merge_option() -> list[str]:
    """How diff-tree compares a merge: with its first parent (git 2.31+), else with every parent."""
    global _MERGE_OPTION
    if _MERGE_OPTION is None:
        try:
            words = run(["version"]).decode("ascii", "replace").split()
            numbers = [int(x) for x in words[2].split(".")[:2]]
        except (GitError, IndexError, ValueError):
            numbers = [0, 0]
        _MERGE_OPTION = ["--diff-merges=first-parent"] if numbers >= [2, 31] else ["-m"]
    return _MERGE_OPTION


def tree_blobs(rev: str, cwd: str | None = None) -> Iterator[tuple[bytes, str, str, int]]:
    """(path, blob id, mode, size) of every file in the tree of ``rev`` (one ``git ls-tree``)."""
    proc = _popen(["ls-tree", "-r", "-z", "--long", "--full-tree", rev], cwd)
    proc.stdin.close()
    for token in _nul_tokens(proc.stdout):
        head, _, path = token.partition(b"\t")
        fields = head.decode("ascii", "replace").split()
        if len(fields) != 4 or fields[1] != "blob" or fields[0] in (GITLINK, SYMLINK):
            continue
        try:
            size = int(fields[3])
        except ValueError:
            continue
        yield path, fields[2], fields[0], size
    _finish(proc, "ls-tree")


def _write_queued(stdin, requests: queue.Queue) -> None:
    """Write queued request bytes to a git process until ``None``, then close its input."""
    try:
        while True:
            item = requests.get()
            if item is None:
                stdin.close()
                return
            stdin.write(item)
            if requests.empty():
                stdin.flush()
    except (OSError, ValueError):
        return


def _start_feeder(proc: subprocess.Popen) -> queue.Queue:
    """A queue whose items a daemon thread writes to ``proc``'s standard input."""
    requests: queue.Queue = queue.Queue()
    threading.Thread(target=_write_queued, args=(proc.stdin, requests), daemon=True).start()
    return requests


class BatchCheck:
    """One ``git cat-file --batch-check`` process fed while the caller works: ``add`` ids, then ``results``."""

    def __init__(self, cwd: str | None = None):
        self.proc = _popen(["cat-file", "--batch-check"], cwd)
        self._queue = _start_feeder(self.proc)

    def add(self, oid: str) -> None:
        self._queue.put(oid.encode("ascii") + b"\n")

    def results(self) -> dict[str, tuple[str, int]]:
        """id -> (type, size) for every id added; missing ids are left out."""
        self._queue.put(None)
        result = {}
        for line in self.proc.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[1] != b"missing":
                try:
                    result[parts[0].decode("ascii")] = (parts[1].decode("ascii"), int(parts[2]))
                except (ValueError, UnicodeDecodeError):
                    continue
        _finish(self.proc, "cat-file --batch-check")
        return result

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        _forget(self.proc)



LISTING_FORMAT = "%(objectname) %(objecttype) %(objectsize) %(rest)"


def _pipe_size(fd: int, size: int = 1 << 20) -> None:
    """Enlarge a pipe (Linux), so git writes big chunks and we read them in few calls."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (ImportError, OSError, ValueError):
        pass


class ObjectListing:
    """The objects new commits bring, as one OS pipeline: ``git rev-list --objects
    --in-commit-order --reverse`` into ``git cat-file --batch-check``.

    Gives ``(id, type, size, rest)`` as bytes (``size`` an int; ``rest`` the
    path rev-list gives a blob, the name of a tag, else empty), trees left out,
    oldest commit first, each commit followed by the blobs it is the first to
    reference: so every new object is listed once, with the commit that first
    added it.  rev-list cuts a path at a newline, so no path can forge a line.
    """

    def __init__(self, positive: Iterable[str], cwd: str | None = None, exclude_existing: bool = True):
        args = ["rev-list", "--objects", "--in-commit-order", "--reverse", "--stdin"]
        if exclude_existing:
            args += ["--not", "--all"]
        self.lister = _popen(args, cwd)
        self.checker = None
        try:
            self.checker = subprocess.Popen(
                ["git", *GIT_OPTIONS, "cat-file", f"--batch-check={LISTING_FORMAT}", "--buffer"], cwd=cwd,
                env=environment(), stdin=self.lister.stdout, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            self.close()
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None
        with _LOCK:
            _PROCESSES.append(self.checker)
        self.lister.stdout.close()  # the checker holds it now
        _pipe_size(self.checker.stdout.fileno())
        _feed(self.lister, positive)

    def batches(self) -> Iterator[list[tuple[bytes, bytes | None, int, bytes]]]:
        """The listing, one list of entries per chunk git wrote."""
        fd = self.checker.stdout.fileno()
        pending = b""
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            yield _listing_lines(lines)
        if pending:
            yield _listing_lines([pending])
        self.checker.wait()
        _forget(self.checker)
        _finish(self.lister, "rev-list")
        if self.checker.returncode != 0:
            raise GitError(f"git cat-file --batch-check failed: exit status {self.checker.returncode}")

    def close(self) -> None:
        for proc in (self.checker, self.lister):
            if proc is None:
                continue
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for stream in (proc.stdout, proc.stderr, proc.stdin):
                if stream:
                    try:
                        stream.close()
                    except OSError:
                        pass
            _forget(proc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _listing_lines(lines: list[bytes]) -> list[tuple[bytes, bytes, int, bytes]]:
    """The entries of listed lines; trees (and anything that is not an object) left out."""
    out = []
    append = out.append
    for line in lines:
        parts = line.split(b" ", 3)
        if len(parts) == 4:
            otype = parts[1]
            if otype != b"tree" and otype in (b"blob", b"commit", b"tag") and parts[2].isdigit():
                append((parts[0], otype, int(parts[2]), parts[3]))
    return out


class CatFile:
    """One ``git cat-file --batch`` process: ask for ids, read the objects in order.

    ``send`` writes a few requests at once from the caller's thread (the caller
    keeps the number outstanding small, so the write can never block on git);
    ``request`` queues any number for a writer thread.  Use one or the other.
    Responses are read from the pipe in large chunks.
    """

    def __init__(self, cwd: str | None = None):
        self.proc = _popen(["cat-file", "--batch"], cwd)
        self._fd = self.proc.stdout.fileno()
        _pipe_size(self._fd)
        self._in = self.proc.stdin.fileno()
        self._buf = b""
        self._pos = 0
        self._queue: queue.Queue | None = None
        self._pending = 0

    # -- requests -------------------------------------------------------------------
    def send(self, ids: list[str]) -> None:
        """Ask for ``ids`` now (one write); keep the number outstanding small."""
        data = ("\n".join(ids) + "\n").encode("ascii")
        try:
            while data:
                data = data[os.write(self._in, data):]
        except OSError:
            pass  # git ended; reading says why
        self._pending += len(ids)

    def request(self, ids: Iterable[str]) -> None:
        if self._queue is None:
            self._queue = _start_feeder(self.proc)
        batch = []
        for i in ids:
            batch.append(i)
            if len(batch) >= 512:
                self._queue.put(("\n".join(batch) + "\n").encode("ascii"))
                self._pending += len(batch)
                batch = []
        if batch:
            self._queue.put(("\n".join(batch) + "\n").encode("ascii"))
            self._pending += len(batch)

    # -- responses ------------------------------------------------------------------
    def _fill(self) -> bool:
        chunk = os.read(self._fd, 1 << 20)
        if not chunk:
            return False
        self._buf = self._buf[self._pos:] + chunk if self._pos < len(self._buf) else chunk
        self._pos = 0
        return True

    def _take(self, size: int) -> bytes:
        """The next ``size`` bytes of output."""
        buf, pos = self._buf, self._pos
        if pos + size <= len(buf):
            self._pos = pos + size
            return buf[pos:pos + size]
        parts = [buf[pos:]]
        got = len(buf) - pos
        self._buf, self._pos = b"", 0
        while got < size:
            chunk = os.read(self._fd, min(size - got, 1 << 22) if size - got > 1 << 20 else 1 << 20)
            if not chunk:
                raise GitError("git cat-file: ended early")
            parts.append(chunk)
            got += len(chunk)
        data = b"".join(parts)
        if got > size:
            self._buf = data[size:]
            return data[:size]
        return data

    def _skip(self, size: int) -> None:
        while size > 0:
            available = len(self._buf) - self._pos
            if available <= 0:
                if not self._fill():
                    raise GitError("git cat-file: ended early")
                continue
            step = min(size, available)
            self._pos += step
            size -= step

    def read(self, keep: int) -> tuple[str, str, int, bytes | None]:
        """The next requested object: (id, type, size, data).

        At most ``keep`` bytes are kept (``data`` is None when the object is
        larger, or missing); the rest is read and dropped.
        """
        if self._pending <= 0:
            raise GitError("git cat-file: read without request")
        self._pending -= 1
        while True:
            end = self._buf.find(b"\n", self._pos)
            if end >= 0:
                break
            if not self._fill():
                self._check_exit()
                raise GitError("git cat-file: ended early")
        header = self._buf[self._pos:end]
        self._pos = end + 1
        fields = header.split()
        if len(fields) == 2 and fields[1] == b"missing":
            return fields[0].decode("ascii", "replace"), "missing", 0, None
        if len(fields) != 3:
            raise GitError("git cat-file: unexpected output")
        try:
            size = int(fields[2])
        except ValueError:
            raise GitError("git cat-file: unexpected output") from None
        oid, otype = fields[0].decode("ascii"), fields[1].decode("ascii")
        if size <= keep:
            pos = self._pos
            if pos + size < len(self._buf):
                data = self._buf[pos:pos + size]
                self._pos = pos + size + 1
            else:
                data = self._take(size + 1)[:-1]
        else:
            data = None
            self._skip(size + 1)
        return oid, otype, size, data

    def next(self, keep: int) -> tuple[bytes, bytes | None]:
        """Like ``read``, for a caller that knows which id it asked for: (type, data)."""
        self._pending -= 1
        buf, pos = self._buf, self._pos
        end = buf.find(b"\n", pos)
        while end < 0:
            if not self._fill():
                self._check_exit()
                raise GitError("git cat-file: ended early")
            buf, pos = self._buf, self._pos
            end = buf.find(b"\n", pos)
        fields = buf[pos:end].split()
        pos = end + 1
        if len(fields) != 3:
            self._pos = pos
            if len(fields) == 2 and fields[1] == b"missing":
                return b"missing", None
            raise GitError("git cat-file: unexpected output")
        size = int(fields[2])
        if size > keep:
            self._pos = pos
            self._skip(size + 1)
            return fields[1], None
        if pos + size < len(buf):
            self._pos = pos + size + 1
            return fields[1], buf[pos:pos + size]
        self._pos = pos
        return fields[1], self._take(size + 1)[:-1]

    def _check_exit(self) -> None:
        self.proc.wait()
        drainer = getattr(self.proc, "drainer", None)
        if drainer is not None:
            drainer.join(timeout=5)
        err = getattr(self.proc, "error_tail", b"")
        lines = err.decode("utf-8", "replace").strip().splitlines()
        if lines:
            raise GitError(f"git cat-file failed: {lines[-1]}")

    def close(self) -> None:
        try:
            if self._queue is not None:
                self._queue.put(None)  # the writer closes git's input
            else:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            if self._pending:
                self.proc.kill()
            self.proc.stdout.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
        finally:
            if self.proc.stderr:
                self.proc.stderr.close()
            _forget(self.proc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class CommitInfo:
    __slots__ = ("id", "subject", "message", "truncated")

    def __init__(self, id: str, subject: str, message: str, truncated: bool = False):
        self.id, self.subject, self.message, self.truncated = id, subject, message, truncated


def parse_commit(oid: str, data: bytes, truncated: bool = False) -> CommitInfo:
    """Subject and message of a raw commit (or tag) object, decoded as its encoding header says."""
    head, sep, body = data.partition(b"\n\n")
    if not sep:
        body = b""
    encoding = "utf-8"
    for line in head.split(b"\n"):
        if line.startswith(b"encoding "):
            encoding = line[9:].decode("ascii", "replace").strip() or "utf-8"
    try:
        message = body.decode(encoding, "replace")
    except LookupError:
        message = body.decode("utf-8", "replace")
    # A signed tag carries its signature after the message.
    cut = message.find("-----BEGIN PGP SIGNATURE-----")
    if cut >= 0:
        message = message[:cut]
    subject = ""
    for line in message.splitlines():
        if line.strip():
            subject = line.strip()
            break
    return CommitInfo(oid, subject, message, truncated)


def decode_path(path: bytes) -> str:
    return path.decode("utf-8", "backslashreplace")
