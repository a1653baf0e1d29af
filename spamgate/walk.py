"""Which files a directory holds for ``spamgate check DIR``.

Inside a git work tree the answer is git's: the tracked files and the
untracked ones that .gitignore (and .git/info/exclude and the global
excludes file) do not ignore -- ``git ls-files --cached --others
--exclude-standard``.  Outside one (or in a directory git ignores, named
on purpose), every file, less the directories of
version control, virtual environments, builds and caches (``SKIP_DIRS``,
``*.egg-info``, and any directory holding a ``pyvenv.cfg``).  Linked
directories are not followed.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".direnv", "__pypackages__", "site-packages",
    "build", "dist", "_build", "node_modules", "__pycache__", ".tox", ".nox", ".eggs",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".pytype", ".cache", ".ipynb_checkpoints",
})

# Variables with which git would look at another repository than the one the directory is in.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                 "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX")


def is_tool_dir(path: str) -> bool:
    name = os.path.basename(path)
    return name in SKIP_DIRS or name.endswith(".egg-info") or os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _git(directory: str, *args: str):
    """``git ARGS`` run in ``directory`` on the repository it is in; None if git cannot run."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
    try:
        return subprocess.run(["git", *args], cwd=directory, env=env, capture_output=True, stdin=subprocess.DEVNULL)
    except OSError:
        return None


def git_files(directory: str) -> list[str] | None:
    """The files git lists under ``directory`` (relative to it), or None when
    ``directory`` is not in a git work tree (or git cannot be run).  A
    directory that git ignores as a whole, named on purpose, is not git's to
    list: None as well, so it is walked as outside a work tree."""
    proc = _git(directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if proc is None or proc.returncode != 0:
        return None
    names = sorted(set(n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n))
    if not names:
        ignored = _git(directory, "check-ignore", "-q", ".")
        if ignored is not None and ignored.returncode == 0:
            return None
    return names


def files(directory: str, prune: Callable[[str], bool] | None = None) -> Iterator[str]:
    """The files to check under ``directory``, in a stable order.

    ``prune(path)`` says whether a directory is left out (the configuration's
    ``exclude``); it is asked only while walking outside git.
    """
    listed = git_files(directory)
    if listed is not None:
        for name in listed:
            path = os.path.join(directory, name)
            # A file deleted but still in the index, or a submodule: nothing to read here.
            if os.path.lexists(path) and not (os.path.isdir(path) and not os.path.islink(path)):
                yield path
        return
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not is_tool_dir(os.path.join(root, d))
                         and not (prune and prune(os.path.join(root, d))))
        for name in sorted(names):
            yield os.path.join(root, name)
