"""Which files ``spamgate check DIR`` (and ``spamgate check`` with no path) reads."""
from __future__ import annotations

from support import git, spamgate, spamgate_json, write

LOOKALIKE = "The w\u043erd.\n"  # Cyrillic o: one finding wherever it is read


def checked(data) -> set[str]:
    return {f["path"].replace("\\", "/") for f in data["files"] if "skipped" not in f}


def tool_directories(root):
    """Files where tools put third-party code, builds and caches."""
    for name in (".venv/lib/site.py", "venv/lib/x.md", "build/lib/a.md", "dist/a.txt", "pkg.egg-info/PKG-INFO",
                 "node_modules/left-pad/README.md", "src/__pycache__/a.txt", ".tox/py/a.md", ".nox/a.md",
                 ".mypy_cache/a.txt", "env/lib/a.md"):
        write(root / name, LOOKALIKE)
    write(root / "env" / "pyvenv.cfg", "home = /usr/bin\n")  # a virtualenv under any name


def test_outside_git_tool_directories_are_skipped(tmp_path):
    tool_directories(tmp_path)
    write(tmp_path / "src" / "notes.md", LOOKALIKE)
    write(tmp_path / "docs" / "build.md", LOOKALIKE)  # a file named like a tool directory is read
    code, data = spamgate_json(".", cwd=tmp_path)
    assert code == 1
    assert checked(data) == {"./src/notes.md", "./docs/build.md"}


def test_inside_git_gitignore_decides(tmp_path):
    tool_directories(tmp_path)
    git("init", "-q", cwd=tmp_path)
    write(tmp_path / ".gitignore", ".venv/\nbuild/\n*.log\n")
    write(tmp_path / "notes.md", LOOKALIKE)                # untracked, not ignored: read
    write(tmp_path / "debug.log", LOOKALIKE)               # ignored: not read
    write(tmp_path / "tracked.log", LOOKALIKE)
    git("add", "-f", "tracked.log", cwd=tmp_path)          # tracked though ignored: read
    write(tmp_path / "sub" / ".gitignore", "secret.md\n")  # nested .gitignore files count
    write(tmp_path / "sub" / "secret.md", LOOKALIKE)
    write(tmp_path / "sub" / "open.md", LOOKALIKE)
    write(tmp_path / "gone.md", LOOKALIKE)
    git("add", "gone.md", cwd=tmp_path)
    (tmp_path / "gone.md").unlink()                        # in the index, deleted: nothing to read
    code, data = spamgate_json(".", cwd=tmp_path)
    paths = checked(data)
    assert {"./notes.md", "./tracked.log", "./sub/open.md", "./.gitignore", "./sub/.gitignore"} <= paths
    assert not {p for p in paths if p.startswith(("./.venv/", "./build/", "./sub/secret")) or p.endswith("debug.log")}
    assert "./gone.md" not in paths
    # What git does not ignore is read, tool directory or not: git decides here.
    assert "./node_modules/left-pad/README.md" in paths
    # A subdirectory of the work tree is listed the same way, relative to it.
    code, data = spamgate_json("sub", cwd=tmp_path)
    assert checked(data) == {"sub/.gitignore", "sub/open.md"}
    # A directory git ignores, named on purpose, is walked as outside git.
    write(tmp_path / "build" / "report.md", LOOKALIKE)
    code, data = spamgate_json("build", cwd=tmp_path)
    assert checked(data) == {"build/lib/a.md", "build/report.md"}


def test_no_path_is_the_current_directory(tmp_path):
    write(tmp_path / "a.md", LOOKALIKE)
    write(tmp_path / "venv" / "lib.md", LOOKALIKE)
    proc = spamgate("check", "--format", "concise", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("./a.md:1:5: SG101")
    assert "venv" not in proc.stdout


def test_a_directory_without_text_files_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = spamgate("check", "empty", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == "spamgate check: no text files to check in empty\n"
    write(tmp_path / "images" / "a.png", "\x89PNG\r\n\x1a\n\x00\x00")
    proc = spamgate("check", "images", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == ("spamgate check: no text files to check in images (1 passed over: binary, excluded "
                           "or not regular files; -v lists them)\n")
    # One empty directory among others is still named.
    write(tmp_path / "docs" / "a.md", "fine\n")
    proc = spamgate("check", "docs", "empty", cwd=tmp_path)
    assert "All clear: no findings in 1 file." in proc.stdout
    assert proc.stderr == "spamgate check: no text files to check in empty\n"


def test_named_files_are_read_even_in_tool_directories(tmp_path):
    # pre-commit names files itself: a named file is always checked (unless excluded by configuration).
    f = write(tmp_path / "build" / "page.md", LOOKALIKE)
    code, data = spamgate_json(str(f))
    assert code == 1 and checked(data) == {str(f).replace("\\", "/")}
