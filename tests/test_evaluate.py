"""``spamgate evaluate``: recall, false positives and misses on a labelled corpus."""
from __future__ import annotations

import json

from article_fixtures import README, REPORT, SPAM_CLOSERS
from support import spamgate, write

from test_genre import sprinkle


def make_corpus(root):
    # Whole spam articles, named as Gitea names wiki pages.
    write(root / "spam" / "The Pain of Nimbus-XL.-.md", sprinkle(REPORT, 0.05) + "\n" + SPAM_CLOSERS[0] + "\n")
    write(root / "spam" / "How-To-Find-Zephyr-7B-Online.md", REPORT + "\n" + SPAM_CLOSERS[3] + "\n")
    # An opening without its closer and without look-alikes: only the title speaks.
    write(root / "spam-pages" / "page-001.md", REPORT)
    write(root / "spam-pages" / "SOURCES.tsv",
          "filename\tsource\tnotes\npage-001.md\thttp://example.test/wiki\t"
          "homoglyphs=n ; title=Sexy Zephyr-7B ; family=x\n")
    write(root / "ham" / "README.md", README)
    write(root / "ham" / "SOURCES.tsv", "filename\tsource\twhy_hard\n")


def evaluate(*args):
    proc = spamgate("evaluate", *map(str, args))
    return proc


def test_text_report_names_misses(tmp_path):
    make_corpus(tmp_path)
    proc = evaluate(tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "profile push (spam at 10, suspicious at 4)" in out
    assert "spam: 2/3 judged spam, recall 66.7%" in out
    assert "ham:  0/1 judged spam (false positives)" in out
    assert "misses (spam not judged spam):\n  spam-pages/page-001.md:" in out


def test_closers_and_titles_from_sources(tmp_path):
    make_corpus(tmp_path)
    proc = evaluate(tmp_path, "--name-by-sources", "--append-closer", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["spam"] == {"cases": 3, "spam": 3, "suspicious": 0, "clean": 0, "recall": 1.0}
    assert data["misses"] == []


def test_every_closer_and_deconfuse(tmp_path):
    make_corpus(tmp_path)
    proc = evaluate(tmp_path, "--deconfuse", "--append-closer", "--every-closer", "--name-by-sources", "-v",
                    "--format", "json")
    data = json.loads(proc.stdout)
    pages = [c for c in data["cases"] if c["name"].startswith("spam-pages/")]
    assert len(pages) > 5 and len({c["variant"] for c in pages}) == len(pages)
    assert pages[0]["name"] == "spam-pages/Sexy Zephyr-7B.-.md"
    assert all(c["verdict"] == "spam" for c in data["cases"] if c["label"] == "spam")


def test_legit_closers_on_ham(tmp_path):
    make_corpus(tmp_path)
    proc = evaluate(tmp_path, "--append-legit-closer", "--every-closer", "--format", "json", "-v")
    data = json.loads(proc.stdout)
    ham = [c for c in data["cases"] if c["label"] == "ham"]
    assert len(ham) >= 8
    assert data["ham"]["spam"] == 0 and data["false_positives"] == []


def test_commit_profile_and_targets(tmp_path):
    make_corpus(tmp_path)
    proc = evaluate(tmp_path, "--require-recall", "0.9")
    assert proc.returncode == 1
    # The message names the gate that failed and by how much.
    assert "spamgate evaluate: failed: recall 66.7% is below the required 90% (--require-recall 0.9): " \
           "1 of 3 spam documents not judged spam" in proc.stderr
    proc = evaluate(tmp_path, "--require-recall", "0.5", "--max-false-positives", "0")
    assert proc.returncode == 0 and "failed" not in proc.stderr
    proc = evaluate(tmp_path, "--profile", "commit", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["profile"] == "commit" and data["ham"]["failing"] == 0


def test_thresholds_option(tmp_path):
    make_corpus(tmp_path)
    data = json.loads(evaluate(tmp_path, "--spam-threshold", "1", "--suspicious-threshold", "0.5", "--format", "json").stdout)
    assert data["spam"]["recall"] == 1.0
    proc = evaluate(tmp_path, "--spam-threshold", "3", "--suspicious-threshold", "5")
    assert proc.returncode == 2
    assert proc.stderr == "spamgate evaluate: thresholds: expected suspicious at most spam, got suspicious = 5 and spam = 3\n"


def test_bad_directory(tmp_path):
    proc = evaluate(tmp_path / "missing")
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    (tmp_path / "empty").mkdir()
    proc = evaluate(tmp_path / "empty")
    assert proc.returncode == 2 and "no documents" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_own_closers_file(tmp_path):
    make_corpus(tmp_path)
    closers = write(tmp_path / "closers.txt",
                    "If you adored this post and you would like more details about {kw} kindly visit our own web site.\n"
                    "%%\n"
                    "Thanks for reading.\n")
    data = json.loads(evaluate(tmp_path, "--name-by-sources", "--deconfuse", "--append-closer", "--every-closer",
                               "--closers", closers, "--format", "json", "-v").stdout)
    variants = {c["variant"]: c["verdict"] for c in data["cases"] if c["name"].startswith("spam-pages/")}
    # The genre's closer makes the de-confused page spam; a harmless last line does not.
    assert variants == {"closer 1": "spam", "closer 2": "suspicious"}
    proc = evaluate(tmp_path, "--append-closer", "--closers", tmp_path / "missing.txt")
    assert proc.returncode == 2 and "cannot read closers" in proc.stderr


def test_gate_values_are_checked(tmp_path):
    make_corpus(tmp_path)
    for bad in ("1.5", "-0.1", "nan", "95%"):
        proc = evaluate(tmp_path, "--require-recall", bad)
        assert proc.returncode == 2, bad
        assert "--require-recall: expected a fraction from 0 to 1" in proc.stderr
    proc = evaluate(tmp_path, "--max-false-positives", "-1")
    assert proc.returncode == 2 and "--max-false-positives: expected a whole number, 0 or more, got -1" in proc.stderr
