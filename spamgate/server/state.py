"""What the server keeps between pushes, under ``state_dir``: the scan slots
that limit parallel scans host-wide, and the queue of what a push could not
judge in time.

Slots: ``slots/0`` … ``slots/N-1``, each taken with ``flock``.  The kernel lets
one process hold each, and releases it when the holder ends, however it ends.

Queue: one JSON file per push under ``queue/``, written in ``queue/tmp/`` and
renamed into place, so a reader sees a whole record or none, and concurrent
hooks never share a file.  ``spamgate audit --queue`` claims a record by
renaming it into ``queue/claimed/`` under its own process id (one rename wins),
judges it and deletes it; a claim whose process is gone is put back.
"""
from __future__ import annotations

import json
import os
import time

_FLAGS = os.O_CLOEXEC if hasattr(os, "O_CLOEXEC") else 0


def default_state_dir(environ=None) -> str:
    """``$XDG_STATE_HOME/spamgate``, else ``~/.local/state/spamgate`` (of the user the hook runs as)."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "spamgate")


# -- scan slots -------------------------------------------------------------------------------

class Slot:
    """A held scan slot; released by ``release`` or when every process holding it ends."""

    def __init__(self, fd: int):
        self.fd = fd

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def take_slot(state_dir: str, count: int, wait: float) -> Slot | None:
    """One of ``count`` host-wide slots, waiting up to ``wait`` seconds; None when all stay taken.
    Raises OSError when the slot files cannot be made."""
    import fcntl

    directory = os.path.join(state_dir, "slots")
    os.makedirs(directory, mode=0o750, exist_ok=True)
    start = os.getpid() % count
    fds = [os.open(os.path.join(directory, str((start + i) % count)), os.O_RDWR | os.O_CREAT | _FLAGS, 0o640)
           for i in range(count)]
    deadline = time.monotonic() + wait
    delay = 0.002
    try:
        while True:
            for fd in fds:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                fds.remove(fd)
                return Slot(fd)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 0.05)
    finally:
        for fd in fds:
            os.close(fd)


# -- the queue ---------------------------------------------------------------------------------

def queue_dir(state_dir: str) -> str:
    return os.path.join(state_dir, "queue")


def enqueue(state_dir: str, record: dict) -> str:
    """Write ``record`` durably as one new file in the queue; its name.  Raises OSError."""
    directory = queue_dir(state_dir)
    tmp_dir = os.path.join(directory, "tmp")
    os.makedirs(tmp_dir, mode=0o750, exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid()}-{os.urandom(4).hex()}.json"
    data = json.dumps(record, ensure_ascii=True).encode("ascii")
    tmp = os.path.join(tmp_dir, name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _FLAGS, 0o640)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    os.rename(tmp, os.path.join(directory, name))
    _sync_dir(directory)
    return name


def _sync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | _FLAGS)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Claim:
    """A queue record this process has claimed."""

    def __init__(self, path: str, name: str):
        self.path, self.name = path, name
        self.record: dict | None = None
        self.error: str | None = None
        try:
            with open(path, "rb") as f:
                self.record = json.loads(f.read().decode("ascii"))
            if not isinstance(self.record, dict) or not isinstance(self.record.get("repository_path"), str):
                raise ValueError("not a queue record")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            self.record = None
            self.error = f"queue record {name} cannot be read: {exc}"

    def done(self) -> None:
        """Judged (or reported): the record leaves the queue."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    def release(self, state_dir: str) -> None:
        """Not judged: back into the queue for the next drain."""
        os.rename(self.path, os.path.join(queue_dir(state_dir), self.name))


def claim(state_dir: str) -> list[Claim]:
    """Claim every record in the queue, oldest first (after putting back claims of ended drains).
    Raises OSError when the queue directory cannot be made or read."""
    directory = queue_dir(state_dir)
    claimed = os.path.join(directory, "claimed")
    os.makedirs(claimed, mode=0o750, exist_ok=True)
    _put_back_abandoned(directory, claimed)
    names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    claims = []
    for name in names:
        target = os.path.join(claimed, f"{name}.{os.getpid()}")
        try:
            os.rename(os.path.join(directory, name), target)
        except FileNotFoundError:
            continue  # another drain took it
        claims.append(Claim(target, name))
    return claims


def _put_back_abandoned(directory: str, claimed: str) -> None:
    for entry in os.listdir(claimed):
        name, _, pid = entry.rpartition(".")
        if not name.endswith(".json") or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # that drain still runs
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        try:
            os.rename(os.path.join(claimed, entry), os.path.join(directory, name))
        except FileNotFoundError:
            pass
