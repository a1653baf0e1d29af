import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_configure(config):
    # Tests create real git repositories: give them an identity and shield them
    # from the machine's own git configuration.
    home = tempfile.mkdtemp(prefix="spamgate-test-home-")
    gitconfig = Path(home) / ".gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n")
    os.environ.update({
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Test Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        # Server hooks run with the default configuration keep their queue and scan slots here.
        "XDG_STATE_HOME": str(Path(home) / "state"),
    })
    os.environ.pop("NO_COLOR", None)
    os.environ.pop("SPAMGATE_CONFIG", None)


@pytest.fixture
def repo(tmp_path):
    """A fresh non-bare git repository with one empty commit."""
    from support import git

    path = tmp_path / "repo"
    path.mkdir()
    git("init", "-q", cwd=path)
    git("commit", "-q", "--allow-empty", "-m", "initial", cwd=path)
    return path


# --------------------------------------------------------------------------- pre-commit
# pre-commit installs a hook repository once per (repository, rev) into its
# PRE_COMMIT_HOME: one home and one snapshot of this project for the whole
# session, so the tests pay for one installation.


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory):
    """The environment to run pre-commit (and git commits through it) in."""
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env.pop("PRE_COMMIT", None)
    return env


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory):
    """(path, commit) of a git repository holding this project's working tree as
    it is now: the files git lists (tracked, and untracked ones not ignored)."""
    import shutil

    from support import ROOT, git, project_files

    snap = tmp_path_factory.mktemp("hookrepo") / "spamgate"
    for name in project_files(ROOT):
        target = snap / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target, follow_symlinks=False)
    git("init", "-q", cwd=snap)
    git("add", "-A", cwd=snap)
    git("commit", "-q", "-m", "snapshot", cwd=snap)
    return snap, git("rev-parse", "HEAD", cwd=snap).strip()


def snapshot(root: Path) -> dict:
    """Everything a scan must not change: bytes, mode, mtime, symlink targets.

    Large files are compared by size and allocated blocks, not read.
    """
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            entry = [stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_mtime_ns]
            if stat.S_ISLNK(st.st_mode):
                entry.append(os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                if st.st_size > 64 * 1024 * 1024:
                    entry += [st.st_size, st.st_blocks]
                elif stat.S_IMODE(st.st_mode) & 0o444:
                    entry.append(Path(p).read_bytes())
                else:
                    entry.append(st.st_size)
            out[p] = entry
    return out


@pytest.fixture
def unchanged(tmp_path):
    """Yield a function that asserts the tree under tmp_path is as it was."""
    before = {}

    def take():
        before.clear()
        before.update(snapshot(tmp_path))

    def check():
        after = snapshot(tmp_path)
        assert after.keys() == before.keys(), "files appeared or disappeared"
        for path, entry in before.items():
            assert after[path] == entry, f"{path} was changed by the scan"

    take.check = check
    return take
