"""README.md tells the truth: its snippets are taken from it as written and run.

The setup commands, the sample outputs of commands on files it shows, the
pre-commit snippets (with the real pre-commit, against a clone of this
repository at the rev they name), the CI guides, the TOML settings, and the
generated rules table and configuration reference.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest
import yaml

from support import ROOT, git, git_commit, pre_commit, spamgate, write


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str | None = None) -> list[str]:
    """The fenced code blocks of README.md (of one language, or all)."""
    found = re.findall(r"^```(\w*)\n(.*?)^```", readme(), re.S | re.M)
    return [body for kind, body in found if lang is None or kind == lang]


def console(command_prefix: str) -> tuple[str, str]:
    """(command, shown output) of the block that starts with ``$ <command_prefix>``."""
    for body in blocks():
        first, _, rest = body.partition("\n")
        if first.startswith("$ " + command_prefix):
            return first[2:], rest
    raise AssertionError(f"README.md shows no '$ {command_prefix}' block")


def argv(command: str) -> list[str]:
    words = shlex.split(command)
    assert words[0] == "spamgate", command
    return words[1:]


# ---------------------------------------------------------------- setup, and the examples


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_one():
    first_block = blocks("sh")[0].strip().splitlines()
    assert len(first_block) == 2
    run_cmd, test_cmd = first_block
    assert "spamgate check --isolated examples/" in run_cmd
    assert "pytest" in test_cmd
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()


def test_examples_output_is_as_shown():
    command, shown = console("spamgate check --isolated examples/")
    proc = spamgate(*argv(command), cwd=ROOT)
    assert proc.returncode == 1
    out = proc.stdout.replace("\\", "/").splitlines()
    # Every line shown is printed, in the order shown ("..." stands for lines left out).
    position = 0
    for line in shown.splitlines():
        if line == "...":
            continue
        assert line in out[position:], line
        position = out.index(line, position) + 1
    assert "multilingual-notes.md" not in proc.stdout


def notes_md(tmp_path):
    """The notes.md the README shows, written where the commands run."""
    [body] = [b for b in blocks("markdown") if b.startswith("# Notes\n")]
    return write(tmp_path / "notes.md", body)


def test_json_example_is_the_output(tmp_path):
    notes_md(tmp_path)
    [body] = [b for b in blocks("json") if b.startswith("$ spamgate check --format json notes.md")]
    command, _, shown = body.partition("\n")
    proc = spamgate(*argv(command[2:]), cwd=tmp_path)
    assert json.loads(proc.stdout) == json.loads(shown)


def test_diff_example_is_the_output(tmp_path):
    notes = notes_md(tmp_path)
    before = notes.read_bytes()
    command, shown = console("spamgate check --diff notes.md")
    proc = spamgate(*argv(command), cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == shown
    assert notes.read_bytes() == before


def test_not_fixed_example_is_what_fix_says(tmp_path):
    [line] = [l for b in blocks() for l in b.splitlines() if l.startswith("spamgate check: not fixed: ")]
    word = re.search(r'"([^"]+)"', line).group(1)
    write(tmp_path / "notes.md", word + "\n")
    proc = spamgate("check", "--fix", "notes.md", cwd=tmp_path)
    assert proc.stderr.splitlines() == [line]


def test_too_large_example_is_what_check_says(tmp_path):
    [line] = [l for b in blocks() for l in b.splitlines() if l.startswith("big.md: error: ")]
    size = int(line.split()[2])
    write(tmp_path / "big.md", "x" * size)
    proc = spamgate("check", "big.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert line in proc.stdout.splitlines()


def test_baseline_commands(tmp_path):
    [body] = [b for b in blocks("sh") if "--write-baseline" in b]
    write_cmd, use_cmd = (line.split("#")[0].strip() for line in body.strip().splitlines())
    write(tmp_path / "old.md", "The w\u043erd.\n")
    assert spamgate(*argv(write_cmd), cwd=tmp_path).returncode == 0
    assert spamgate(*argv(use_cmd), cwd=tmp_path).returncode == 0
    write(tmp_path / "new.md", "A n\u0435w w\u043erd.\n")
    proc = spamgate(*argv(use_cmd), cwd=tmp_path)
    assert proc.returncode == 1 and "new.md" in proc.stdout and "old.md:" not in proc.stdout


def test_toml_settings_load(tmp_path):
    tables = [b for b in blocks("toml") if b.startswith("[tool.spamgate]")]
    assert len(tables) >= 3
    for n, body in enumerate(tables):
        project = tmp_path / str(n)
        write(project / "pyproject.toml", body)
        proc = spamgate("check", "--show-config", cwd=project)
        assert proc.returncode == 0, body + proc.stderr


# ---------------------------------------------------------------- pre-commit, against a clone


def readme_rev() -> str:
    revs = {m for b in blocks("yaml") for m in re.findall(r"^\s*rev: (\S+)", b, re.M)}
    revs |= {m for b in blocks("yaml") for m in re.findall(r"spamgate@(v[\d.]+)", b)}
    assert len(revs) == 1, revs
    return revs.pop()


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A clone of this repository as released: its HEAD carries the tag README.md names.

    The tag is set in the clone, so the guides are tried on the tree under test (a checkout
    may come without tags, and an older tag would test an older tree).
    """
    path = tmp_path_factory.mktemp("clone") / "spamgate"
    git("clone", "-q", "--no-local", str(ROOT), str(path), cwd=path.parent)
    git("tag", "-f", readme_rev(), "HEAD", cwd=path)
    return path


def test_rev_is_this_version_with_a_changelog_entry():
    from spamgate import __version__

    rev = readme_rev()
    assert rev == f"v{__version__}"
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_precommit_snippets_work_against_a_clone(repo, clone, pre_commit_env):
    snippets = [b for b in blocks("yaml") if b.startswith("repos:")]
    assert len(snippets) == 2
    install = re.search(r"then `(pre-commit install[^`]*)`", readme()).group(1)
    for n, snippet in enumerate(snippets):
        work = repo.parent / f"user-{n}"
        work.mkdir()
        git("init", "-q", cwd=work)
        config = re.sub(r"(- repo: )\S+", lambda m: m.group(1) + str(clone), snippet)
        write(work / ".pre-commit-config.yaml", config)
        git("add", "-A", cwd=work)
        code, out = pre_commit(*shlex.split(install)[1:], cwd=work, env=pre_commit_env)
        assert code == 0, out
        page = write(work / "page.md", "# Guide\n\nThe \u0456ntrodu\u0441tion.\n")
        git("add", "-A", cwd=work)
        code, out = git_commit("-m", "Add the guide", cwd=work, env=pre_commit_env)
        assert code == 1, out
        if "spamgate-fix" in snippet:
            assert "Fixing page.md" in out and page.read_text(encoding="utf-8") == "# Guide\n\nThe introduction.\n"
            git("add", "-A", cwd=work)
        else:
            assert "page.md:3:5: SG101" in out
            write(page, "# Guide\n\nThe introduction.\n")
            git("add", "-A", cwd=work)
            code, out = git_commit("-m", "Add nоtes", cwd=work, env=pre_commit_env)  # Cyrillic o
            assert code == 1 and "U+043E CYRILLIC SMALL LETTER O" in out
        code, out = git_commit("-m", "Add the guide", cwd=work, env=pre_commit_env)
        assert code == 0, out


# ---------------------------------------------------------------- CI guides


def ci_steps(title: str) -> list[str]:
    """The shell commands of the CI guide under ``### title``."""
    section = readme().split(f"### {title}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    [body] = re.findall(r"```yaml\n(.*?)```", section, re.S)
    data = yaml.safe_load(body)
    if isinstance(data, list):
        return [step["run"] for step in data if "run" in step]
    [job] = data.values()
    return list(job["script"])


def run_steps(steps, clone, work, tmp_path) -> None:
    """Install as the guide says, from the clone, then run its spamgate commands in ``work``."""
    install, *commands = steps
    words = shlex.split(install)
    assert words[:2] == ["pip", "install"] and len(words) == 3, install
    url, _, rev = words[2].rpartition("@")
    assert url.startswith("git+") and rev == readme_rev()
    target = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                           f"git+file://{clone}@{rev}"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f'__version__ = "{rev[1:]}"' in (target / "spamgate" / "__init__.py").read_text(encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(target))
    for command in commands:
        command, _, redirect = command.partition(" > ")
        args = shlex.split(command)
        assert args[0] == "spamgate", command
        proc = subprocess.run([sys.executable, "-m", "spamgate", *args[1:]], cwd=work, env=env, capture_output=True)
        if redirect:
            (work / redirect.strip()).write_bytes(proc.stdout)
        yield args, proc


def ci_project(tmp_path):
    work = tmp_path / "project"
    git("init", "-q", str(work), cwd=tmp_path)
    write(work / "docs" / "guide.md", "# Guide\n\nThe \u0456ntrodu\u0441tion.\n")
    write(work / "README.md", "# Project\n\nPlain text.\n")
    return work


def test_github_actions_guide(tmp_path, clone):
    from test_reporters import validate_sarif

    work = ci_project(tmp_path)
    runs = list(run_steps(ci_steps("GitHub Actions"), clone, work, tmp_path))
    (annotations, github), (_, sarif) = runs
    assert github.returncode == 1  # the step fails the job
    lines = github.stdout.decode("utf-8").splitlines()
    assert lines[0].startswith("::error title=spamgate::Found 1 finding")
    assert any(l.startswith("::error file=./docs/guide.md,line=3,col=5,") for l in lines)
    assert sarif.returncode == 0  # --exit-zero: code scanning gates
    validate_sarif(json.loads((work / "spamgate.sarif").read_text(encoding="utf-8")))


def test_gitlab_ci_guide(tmp_path, clone):
    import xml.etree.ElementTree as ET

    work = ci_project(tmp_path)
    (_, quality), (_, junit) = run_steps(ci_steps("GitLab CI"), clone, work, tmp_path)
    assert quality.returncode == 0 and junit.returncode == 1
    issues = json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {i["location"]["path"] for i in issues} == {"docs/guide.md"}
    suite = ET.parse(work / "spamgate-junit.xml").getroot().find("testsuite")
    # The guide and the README; the Code Quality report the first command left in the
    # tree quotes the look-alike word, and the second command leaves it out.
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


# ---------------------------------------------------------------- generated parts


def test_generated_parts_are_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_readme.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rules_table_lists_every_rule_that_spamgate_rules_prints():
    printed = [line.split()[:3] for line in spamgate("rules").stdout.splitlines()]
    text = readme()
    assert printed
    for code, name, severity in printed:
        assert f"| [{code}](docs/rules/{code}.md) | `{name}` | {severity} |" in text
        assert (ROOT / "docs" / "rules" / f"{code}.md").is_file()
