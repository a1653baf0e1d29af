"""README.md tells the truth: its commands, its rules table and its generated parts."""
import re
import subprocess
import sys

from support import ROOT, spamgate


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_one():
    first_block = re.search(r"```sh\n(.*?)```", readme(), re.S).group(1).strip().splitlines()
    assert len(first_block) == 2
    run_cmd, test_cmd = first_block
    assert "spamgate check examples/" in run_cmd
    assert "pytest" in test_cmd
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines()


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


def test_examples_behave_as_the_readme_says():
    proc = spamgate("check", ROOT / "examples")
    assert proc.returncode == 1
    assert "examples/spam-like-article.md: verdict spam" in proc.stdout.replace("\\", "/")
    assert "multilingual-notes.md" not in proc.stdout
