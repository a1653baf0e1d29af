"""``spamgate check`` on many files: helper processes on the other cores, and the JSON writer.

Whether files are scanned here or in helpers, and whatever a helper does, the
report is the same, byte for byte.
"""
import json
import os

import pytest

from support import ROOT, spamgate, write

SPAM = (ROOT / "examples" / "spam-like-article.md").read_text(encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    """A tree of 48 files of every kind the check meets, with a configuration and a baseline."""
    root = tmp_path / "tree"
    for i in range(12):
        write(root / "docs" / f"clean-{i:02}.md", f"# Notes {i}\n\nThe parser reads the text and the model.\n" * (i + 1))
        write(root / "docs" / f"lookalike-{i:02}.md", f"# Page {i}\n\nThe m\u043edel is \u0456n the w\u043erld.\n"
                                                      f"A \u201cquoted\u201d \\ \"word\" and a tab\there.\n" * (i + 1))
        write(root / "articles" / f"spam-{i:02}.md", SPAM)
        write(root / "src" / f"mod{i:02}.py", f"def f{i}(x):\n    return x + {i}  # \u043e\u043a\n")
    write(root / "docs" / "hidden.md", "in\u200bvisible and \U0001d407ello\n")
    write(root / "docs" / "big.md", "big text\n" * 500)
    (root / "docs" / "binary.bin").write_bytes(b"\x00\x01binary")
    write(root / "docs" / "excluded.md", "The m\u043edel.\n")
    write(root / ".spamgate.toml", 'exclude = ["excluded.md"]\nbaseline = "baseline.json"\n')
    write(root / "src" / "marked.py", "x = 1  # spamgate: ignore[SG101] w\u043erd\n")
    proc = spamgate("check", "--write-baseline", "baseline.json", "src", cwd=root)  # the source files are baselined
    assert proc.returncode == 0, proc.stderr
    return root


def check(monkeypatch, cwd, *args, helpers: bool):
    """``spamgate check ARGS`` in ``cwd``, with helpers from the first file on, or none."""
    import spamgate.hooks.check_run as check_run

    monkeypatch.setattr(check_run, "HELPER_AFTER", 0.0 if helpers else float("inf"))
    return spamgate("check", *args, cwd=cwd)


def answered_by_helpers(monkeypatch) -> list:
    """The files whose results came back from a helper, as the run goes."""
    from spamgate.hooks.check_pool import Pool

    answered = []
    collect = Pool.collect

    def counting(self, timeout):
        done = collect(self, timeout)
        answered.extend(job.path for _, job, result in done if result is not None)
        return done

    monkeypatch.setattr(Pool, "collect", counting)
    return answered


@pytest.mark.parametrize("options", [("--format", "json"), ("--format", "text", "-v"), ("--format", "sarif"),
                                     ("--format", "json", "--statistics", "--max-file-size", "2000")])
def test_helpers_report_what_one_process_reports(tree, monkeypatch, options):
    alone = check(monkeypatch, tree, *options, ".", helpers=False)
    answered = answered_by_helpers(monkeypatch)
    shared = check(monkeypatch, tree, *options, ".", helpers=True)
    assert answered, "no file was scanned by a helper"
    assert (shared.returncode, shared.stdout, shared.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert alone.returncode == 1 and "spam-11.md" in alone.stdout and "baseline" not in alone.stderr


def test_a_helper_that_dies_loses_no_file(tree, monkeypatch):
    import spamgate.hooks.check_pool as check_pool

    work = check_pool._work

    def dies_on_spam(record):
        if "spam-0" in record[0]:
            os._exit(9)
        return work(record)

    alone = check(monkeypatch, tree, "--format", "json", ".", helpers=False)
    monkeypatch.setattr(check_pool, "_work", dies_on_spam)
    shared = check(monkeypatch, tree, "--format", "json", ".", helpers=True)
    assert (shared.returncode, shared.stdout, shared.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    files = json.loads(shared.stdout)["files"]
    assert sum(f["verdict"] == "spam" for f in files) == 12


def test_fixing_stays_in_one_process(tree, monkeypatch):
    from spamgate.hooks.check_pool import Pool

    def no_pool():
        raise AssertionError("a helper was started while fixing")

    monkeypatch.setattr(Pool, "start", staticmethod(no_pool))
    proc = check(monkeypatch, tree, "--fix", "docs", helpers=True)
    assert proc.returncode == 1
    assert proc.stdout.count("Fixing ") == 13  # the look-alike pages and hidden.md
    assert "w\u043erld" not in (tree / "docs" / "lookalike-03.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("environment, shared", [({"PRE_COMMIT": "1"}, False),
                                                 ({"PRE_COMMIT": "1", "PRE_COMMIT_NO_CONCURRENCY": "1"}, True)])
def test_under_pre_commit_helpers_start_only_when_pre_commit_runs_one_batch_at_a_time(tree, monkeypatch, environment,
                                                                                     shared):
    answered = answered_by_helpers(monkeypatch)
    import spamgate.hooks.check_run as check_run

    monkeypatch.setattr(check_run, "HELPER_AFTER", 0.0)
    proc = spamgate("check", "--format", "json", ".", cwd=tree, env={**os.environ, **environment})
    assert proc.returncode == 1
    assert bool(answered) == shared


def test_the_json_report_is_what_the_json_module_writes(tree, monkeypatch):
    write(tree / "docs" / "odd \"name\"\\.md", "Control \x01 char, \U0001F600 and w\u043erd \u2028 here.\n")
    proc = check(monkeypatch, tree, "--format", "json", "--statistics", "-v", ".", helpers=False)
    data = json.loads(proc.stdout)
    assert proc.stdout == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    kinds = {type(v) for f in data["files"] for finding in f["findings"] for v in finding.values()}
    assert kinds == {str, int, float, list, type(None)}
    assert any(f.get("skipped") for f in data["files"]) and data["statistics"]
