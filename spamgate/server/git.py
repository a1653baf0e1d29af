"""Reading a repository with a few long-lived git processes.

A push of 10,000 commits costs one ``git for-each-ref``, one ``git log
--raw``, one ``git cat-file --batch-check`` and one ``git cat-file --batch``,
whatever its size; objects stream through them.  Every git process
runs in the hook's working directory with the hook's environment, so objects in
git's quarantine (GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES) are
visible.  Nothing here writes to the repository.  Object ids may be SHA-1 (40
hex digits) or SHA-256 (64).
"""
from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator

from spamgate.parallel import pipe_size

# git keeps up to 96 MiB of delta bases by default; a scan reads each object
# once, so a small cache costs no time and keeps each git process small.
GIT_OPTIONS = ("-c", "core.deltaBaseCacheLimit=16m")

GITLINK = "160000"
_SKIP = ("", "", False)

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


def start(args: list[str], cwd: str | None, stdin=subprocess.PIPE) -> subprocess.Popen:
    """Start git; a thread reads its standard error (keeping the end of it), so
    git can never block on a full stderr pipe while we read its output."""
    try:
        proc = subprocess.Popen(["git", *GIT_OPTIONS, *args], cwd=cwd, env=environment(), stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
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


def stop(proc: subprocess.Popen | None) -> None:
    """Kill ``proc`` if it still runs and close its pipes."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream:
            try:
                stream.close()
            except OSError:
                pass
    _forget(proc)


def run(args: list[str], cwd: str | None = None, input: bytes | None = None) -> bytes:
    """Run one git command to completion; its output, or GitError."""
    try:
        proc = subprocess.Popen(["git", *GIT_OPTIONS, *args], cwd=cwd, env=environment(), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    with _LOCK:
        _PROCESSES.append(proc)
    try:
        out, err = proc.communicate(input)
    finally:
        _forget(proc)
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else 'exit status %d' % proc.returncode}")
    return out


def feed(proc: subprocess.Popen, lines: Iterable[str]) -> threading.Thread:
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


def finish(proc: subprocess.Popen, what: str) -> None:
    """Wait for ``proc``; GitError with the end of its standard error if it failed."""
    proc.wait()
    drainer = getattr(proc, "drainer", None)
    if drainer is not None:
        drainer.join(timeout=5)
    _forget(proc)
    if proc.returncode != 0:
        lines = getattr(proc, "error_tail", b"").decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {what} failed: {lines[-1] if lines else 'exit status %d' % proc.returncode}")


def nul_tokens(stream, chunk_size: int = 1 << 16) -> Iterator[bytes]:
    pending = b""
    while True:
        chunk = stream.read1(chunk_size)
        if not chunk:
            break
        pending += chunk
        parts = pending.split(b"\0")
        pending = parts.pop()
        yield from parts
    if pending:
        yield pending


def refs(cwd: str | None) -> list[tuple[str, str, str]]:
    """(id, peeled type, name) of every ref: the peeled type is the commit, tree or blob a tag names."""
    out = run(["for-each-ref", "--format=%(objectname) %(objecttype) %(*objecttype) %(refname)"], cwd)
    found = []
    for line in out.split(b"\n"):
        parts = line.split(b" ", 3)
        if len(parts) == 4:
            otype = parts[2] or parts[1]
            found.append((parts[0].decode("ascii"), otype.decode("ascii"),
                          parts[3].decode("utf-8", "surrogateescape")))
    return found


def tree_blobs(rev: str, cwd: str | None = None) -> Iterator[tuple[bytes, str, str, int]]:
    """(path, blob id, mode, size) of every file in the tree of ``rev`` (one ``git ls-tree``)."""
    proc = start(["ls-tree", "-r", "-z", "--long", "--full-tree", rev], cwd)
    proc.stdin.close()
    try:
        for token in nul_tokens(proc.stdout):
            head, _, path = token.partition(b"\t")
            fields = head.decode("ascii", "replace").split()
            if len(fields) != 4 or fields[1] != "blob" or fields[0] == GITLINK:
                continue
            # A size git cannot tell ("BAD", "-") is a missing object: the scan finds it so.
            yield path, fields[2], fields[0], int(fields[3]) if fields[3].isdigit() else 0
    except BaseException:
        stop(proc)
        raise
    finish(proc, "ls-tree")


class ChangeListing:
    """The commits of ``revs`` (``<id>`` and ``^<id>`` lines), oldest first, and
    the files each one adds or changes: one ``git log --raw``.

    Each commit is compared with its parents: a file renamed or copied is
    listed again under its new path (``--no-renames``); a merge lists only the
    files that differ from every parent (``-c``), which is what the merge itself
    brings; a root commit lists everything.  Every commit is listed, even one
    that changes nothing.  Submodules and deletions are left out.
    """

    def __init__(self, revs: list[str], cwd: str | None = None):
        self.proc = start(["log", "--stdin", "--reverse", "-z", "--format=%H", "--raw", "-c", "--no-renames",
                           "--no-abbrev", "--root", "--no-color", "--no-show-signature", "--no-ext-diff"], cwd)
        pipe_size(self.proc.stdout.fileno())
        feed(self.proc, revs)

    def events(self) -> Iterator[str | tuple[str, str, bool, bytes]]:
        """A commit id (str), then ``(mode, blob id, added, path)`` for each file it brings."""
        meta = None
        for token in nul_tokens(self.proc.stdout):
            if meta is not None:
                entry, meta = meta, None
                if entry is not _SKIP:
                    yield entry[0], entry[1], entry[2], token
                continue
            token = token.lstrip(b"\n")
            if token.startswith(b":"):
                parents = len(token) - len(token.lstrip(b":"))
                fields = token[parents:].decode("ascii", "replace").split()
                if len(fields) != 2 * (parents + 1) + 1:
                    raise GitError("git log: unexpected output")
                mode, blob, status = fields[parents], fields[2 * parents + 1], fields[-1]
                if is_null(blob) or mode in (GITLINK, "000000"):
                    meta = _SKIP  # a deletion or a submodule: its path follows
                else:
                    meta = (mode, blob, set(status) == {"A"})
            elif token.strip():
                yield token.strip().decode("ascii", "replace")
        finish(self.proc, "log")

    def close(self) -> None:
        stop(self.proc)


class SizeLookup:
    """One ``git cat-file --batch-check`` process, asked in rounds: the type and size of each id."""

    ROUND = 1000  # ids per round: a round's requests and answers each fit in a pipe buffer

    def __init__(self, cwd: str | None = None):
        self.proc = start(["cat-file", "--batch-check"], cwd)

    def lookup(self, ids: list[str]) -> list[tuple[str, str, int]]:
        """``(id, type, size)`` of each id (or revision: ``<id>^{}`` names what a tag peels to), in
        order; type "missing" for an object the repository lacks."""
        out = []
        for at in range(0, len(ids), self.ROUND):
            part = ids[at:at + self.ROUND]
            try:
                self.proc.stdin.write("".join(oid + "\n" for oid in part).encode("ascii"))
                self.proc.stdin.flush()
            except (OSError, ValueError):
                raise GitError("git cat-file --batch-check ended early") from None
            for asked in part:
                fields = self.proc.stdout.readline().split()
                if len(fields) == 3 and fields[2].isdigit():
                    out.append((fields[0].decode("ascii"), fields[1].decode("ascii", "replace"), int(fields[2])))
                elif fields and fields[-1] == b"missing":
                    out.append((asked, "missing", 0))
                else:
                    raise GitError("git cat-file --batch-check ended early")
        return out

    def close(self) -> None:
        stop(self.proc)


class CatFile:
    """One ``git cat-file --batch`` process: ask for ids, read the objects in order.

    ``send`` writes a few requests at once from the caller's thread (the caller
    keeps the number outstanding small, so the write can never block on git).
    Responses are read from the pipe in large chunks.
    """

    def __init__(self, cwd: str | None = None):
        self.proc = start(["cat-file", "--batch"], cwd)
        self._fd = self.proc.stdout.fileno()
        pipe_size(self._fd)
        self._in = self.proc.stdin.fileno()
        self._buf = b""
        self._pos = 0
        self.pending = 0

    def send(self, ids: list[str]) -> None:
        """Ask for ``ids`` now (one write); keep the number outstanding small."""
        data = ("\n".join(ids) + "\n").encode("ascii")
        try:
            while data:
                data = data[os.write(self._in, data):]
        except OSError:
            pass  # git ended; reading says why
        self.pending += len(ids)

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
                self._ended()
            parts.append(chunk)
            got += len(chunk)
        data = b"".join(parts)
        if got > size:
            self._buf = data[size:]
            return data[:size]
        return data

    def _stream(self, size: int, sink: Callable[[bytes], None]) -> None:
        """Hand the next ``size`` bytes of output to ``sink`` piece by piece."""
        while size > 0:
            available = len(self._buf) - self._pos
            if available <= 0:
                if not self._fill():
                    self._ended()
                continue
            step = min(size, available)
            sink(self._buf[self._pos:self._pos + step])
            self._pos += step
            size -= step

    def next(self, keep: int, sink: Callable[[bytes], None] | None = None) -> tuple[bytes, int, bytes | None]:
        """The next object asked for: ``(type, size, data)``.

        An object over ``keep`` bytes is not held: its content goes to ``sink``
        in pieces (or is dropped) and ``data`` is None.  A missing object has
        type ``b"missing"``.
        """
        self.pending -= 1
        buf, pos = self._buf, self._pos
        end = buf.find(b"\n", pos)
        while end < 0:
            if not self._fill():
                self._ended()
            buf, pos = self._buf, self._pos
            end = buf.find(b"\n", pos)
        fields = buf[pos:end].split()
        pos = end + 1
        self._pos = pos
        if len(fields) == 2 and fields[1] == b"missing":
            return b"missing", 0, None
        if len(fields) != 3 or not fields[2].isdigit():
            raise GitError("git cat-file: unexpected output")
        size = int(fields[2])
        if size > keep:
            self._stream(size, sink or (lambda piece: None))
            self._take(1)
            return fields[1], size, None
        if pos + size < len(buf):
            self._pos = pos + size + 1
            return fields[1], size, buf[pos:pos + size]
        return fields[1], size, self._take(size + 1)[:-1]

    def _ended(self):
        self.proc.wait()
        self.proc.drainer.join(timeout=5)
        lines = self.proc.error_tail.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {self.proc.returncode}"
        raise GitError(f"git cat-file ended early ({detail})")

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            if self.pending:
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
    __slots__ = ("id", "subject", "message", "target")

    def __init__(self, id: str, subject: str, message: str, target: str | None = None):
        self.id, self.subject, self.message = id, subject, message
        self.target = target  # what a tag names


def parse_commit(oid: str, data: bytes) -> CommitInfo:
    """Subject and message of a raw commit (or tag) object, decoded as its encoding header says."""
    head, sep, body = data.partition(b"\n\n")
    if not sep:
        body = b""
    encoding = "utf-8"
    target = None
    for line in head.split(b"\n"):
        if line.startswith(b"encoding "):
            encoding = line[9:].decode("ascii", "replace").strip() or "utf-8"
        elif line.startswith(b"object ") and target is None:
            target = line[7:].decode("ascii", "replace").strip()
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
    return CommitInfo(oid, subject, message, target)


def decode_path(path: bytes) -> str:
    return path.decode("utf-8", "backslashreplace")
