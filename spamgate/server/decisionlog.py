"""The decision log: one JSON object a line for every refused, suspicious or
failed push, appended to the file named by ``log_file`` in the server config.

Each line is written with a single ``write`` on a file opened with O_APPEND,
so concurrent pushes do not interleave their lines.
"""
from __future__ import annotations

import os
import time


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def inside(path: str, directory: str) -> bool:
    """True when ``path`` is ``directory`` or lies below it (symlinks resolved)."""
    path = os.path.realpath(path)
    directory = os.path.realpath(directory)
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def append(path: str, record: dict, forbidden_dir: str | None = None) -> str | None:
    """Append ``record`` as one JSON line; returns an error message or None.

    ``forbidden_dir`` (the repository) is never written to, even when the
    configuration points there.
    """
    if forbidden_dir and inside(path, forbidden_dir):
        return f"log file {path} lies inside the repository; not written"
    import json

    line = (json.dumps(record, ensure_ascii=True, sort_keys=False) + "\n").encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o640)
    except OSError as exc:
        return f"cannot open log file {path}: {exc.strerror or exc}"
    try:
        os.write(fd, line)
    except OSError as exc:
        return f"cannot write log file {path}: {exc.strerror or exc}"
    finally:
        os.close(fd)
    return None
