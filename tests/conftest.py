import os
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
