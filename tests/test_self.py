"""spamgate checks this repository: its .pre-commit-config.yaml passes over the
whole project with the real pre-commit, and still catches what it should."""
from __future__ import annotations

import os
import sys

from support import git, pre_commit, write


def test_the_repository_passes_its_own_hooks(tmp_path, hook_repo, pre_commit_env):
    snap, _ = hook_repo
    work = tmp_path / "spamgate"
    git("clone", "-q", str(snap), str(work), cwd=tmp_path)
    # The hooks run the spamgate of the environment the tests run in.
    env = dict(pre_commit_env, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    code, out = pre_commit("run", "--all-files", cwd=work, env=env)
    assert code == 0, out
    assert "spamgate" in out and "Passed" in out

    # A new document is checked in full; in files whose examples are allowed a
    # look-alike passes, but a hidden character does not.
    write(work / "docs" / "guide.md", "# Guide\n\nThe \u0456ntrodu\u0441tion.\n")
    changelog = work / "CHANGELOG.md"
    write(changelog, changelog.read_text(encoding="utf-8") + "\nA w\u043erd, an in\u200bvisible one.\n")
    write(work / "spamgate" / "extra.py", 'WORD = "w\u043erd"  # data\nNAME = "in\u200bvisible"\n')
    git("add", "-A", cwd=work)
    code, out = pre_commit("run", "--all-files", cwd=work, env=env)
    assert code == 1, out
    assert "docs/guide.md:3:5: SG101" in out
    reported = [line for line in out.splitlines() if line.startswith(("CHANGELOG.md:", "spamgate/extra.py:"))]
    # pre-commit runs batches of files in parallel: their reports come in any order.
    assert sorted(line.split(" ")[:2] for line in reported) == [
        [f"CHANGELOG.md:{len(changelog.read_text(encoding='utf-8').splitlines())}:12:", "SG105"],
        ["spamgate/extra.py:2:9:", "SG105"]]
