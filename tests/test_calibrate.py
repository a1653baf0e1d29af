"""The calibration: scripts/calibrate.py fits the checks' weights and writes them as data."""
from __future__ import annotations

import ast
import subprocess
import sys

from article_fixtures import README, REPORT, SPAM_CLOSERS
from support import ROOT, write

from spamgate.registry import all_checks
from spamgate.weights import CORROBORATION, KIND_CAP, WEIGHTS


def test_the_table_in_use_is_applied_to_the_declarations():
    checks = all_checks()
    assert set(WEIGHTS) <= set(checks)
    for code, (weight, cap) in WEIGHTS.items():
        assert (checks[code].weight, checks[code].cap) == (weight, cap)
        assert 0 <= weight <= cap <= KIND_CAP
    assert 0 < CORROBORATION < 1 and 0 < KIND_CAP < 10


def test_calibration_on_a_small_labelled_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    for i, closer in enumerate(SPAM_CLOSERS):
        write(corpus / "spam" / f"The Pain of Nimbus-{i}.-.md", REPORT + "\n" + closer + "\n")
    write(corpus / "spam-pages" / "Eight Legal guidelines Of Nimbus-XL.-.md", REPORT)
    write(corpus / "ham" / "README.md", README)
    write(corpus / "ham" / "notes.md", "# Notes\n\nWe met on Tuesday and agreed to ship the parser in May.\n")
    output = tmp_path / "weights.py"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "calibrate.py"), "--corpus", str(corpus),
                           "--material", str(tmp_path / "none"), "--docs", str(tmp_path / "none"),
                           "--locale", str(tmp_path / "none"), "--output", str(output)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "no corpus at" in proc.stdout  # the missing material is said, not silently skipped
    report = proc.stdout
    assert "spam shared corpus spam: 7/7 judged spam" in report, report
    assert "ham  shared corpus ham: 0/2 judged spam" in report, report
    # The table is plain data: a docstring saying how it was made, the policy and the weights.
    tree = ast.parse(output.read_text(encoding="utf-8"))
    names = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             for t in (node.targets if isinstance(node, ast.Assign) else [node.target])}
    assert names == {"KIND_CAP", "CORROBORATION", "WEIGHTS"}
    namespace: dict = {}
    exec(compile(tree, str(output), "exec"), namespace)
    assert namespace["WEIGHTS"]["SG205"][1] > 0
    assert "logistic regression" in ast.get_docstring(tree)
