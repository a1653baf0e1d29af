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
    assert "margin to the spam threshold" in out
    assert "ham:  0/1 judged spam (false positives)" in out
    assert "misses (spam not judged spam):\n  spam-pages/page-001.md:" in out


def test_closers_and_titles_from_sources(tmp_path):
    make_corpus(tmp_path)
    proc = evaluate(tmp_path, "--name-by-sources", "--append-closer", "--format", "json")
    data = json.loads(proc.stdout)
    margin = data["spam"].pop("margin")
    assert data["spam"] == {"cases": 3, "spam": 3, "suspicious": 0, "clean": 0, "recall": 1.0}
    assert 0 < margin["min"] <= margin["median"] <= margin["max"]
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
    data = json.loads(evaluate(tmp_path, "--format", "json").stdout)
    assert data["spam"]["recall"] > 0
    strict = json.loads(evaluate(tmp_path, "--spam-threshold", "60", "--suspicious-threshold", "50", "--format",
                                 "json").stdout)
    assert strict["thresholds"] == {"spam": 60, "suspicious": 50}
    assert strict["spam"]["recall"] == 0 and strict["spam"]["margin"]["max"] < 0
    proc = evaluate(tmp_path, "--spam-threshold", "3", "--suspicious-threshold", "5")
    assert proc.returncode == 2
    assert proc.stderr == "spamgate evaluate: thresholds: expected suspicious at most spam, got suspicious = 5 and spam = 3\n"


def test_folders_margins_and_kinds_of_evidence(tmp_path):
    make_corpus(tmp_path)
    write(tmp_path / "ham2" / "notes.md", README)
    data = json.loads(evaluate(tmp_path, "--name-by-sources", "--format", "json", "-v").stdout)
    assert set(data["folders"]) == {"spam", "spam-pages", "ham", "ham2"}
    assert data["folders"]["ham2"]["cases"] == 1
    [case] = [c for c in data["cases"] if c["name"] == "spam/The Pain of Nimbus-XL.-.md"]
    assert case["margin"] == round(case["score"] - 10, 2) and len(case["evidence"]) >= 2
    text = evaluate(tmp_path, "--name-by-sources", "-v").stdout
    assert "  spam-pages: " in text and "margin to the spam threshold" in text
    assert "spam/The Pain of Nimbus-XL.-.md" in text and "(+" in text


def test_promoted_ham_stays_legitimate(tmp_path):
    make_corpus(tmp_path)
    data = json.loads(evaluate(tmp_path, "--promote-ham", "--every-closer", "--format", "json", "-v").stdout)
    ham = [c for c in data["cases"] if c["label"] == "ham"]
    assert len(ham) > 8 and all(c["variant"].startswith("promotional closer") for c in ham)
    assert data["false_positives"] == []


def test_push_context_from_sources(tmp_path):
    body = ("# Counterfeit driving licenses\n\nCounterfeit driving licenses are fake documents made to look real. "
            "People buy them to dodge the law, and the police find them at every check.\n")
    write(tmp_path / "spam-pages" / "page.md", body)
    write(tmp_path / "spam-pages" / "SOURCES.tsv", "file\tsource\tnotes\npage.md\t"
          "https://git.example.net/counterfeitdrivinglicense/docs/wiki/Page\ttitle=Counterfeit driving licenses\n")
    write(tmp_path / "ham" / "README.md", README)
    data = json.loads(evaluate(tmp_path, "--name-by-sources", "--context-from-sources", "--format", "json", "-v").stdout)
    [case] = [c for c in data["cases"] if c["label"] == "spam"]
    assert any(r.startswith("SG501 keyword-named-account") for r in case["reasons"])
    plain = json.loads(evaluate(tmp_path, "--name-by-sources", "--format", "json", "-v").stdout)
    [case] = [c for c in plain["cases"] if c["label"] == "spam"]
    assert not any(r.startswith("SG501") for r in case["reasons"])


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
    cases = {c["variant"]: c for c in data["cases"] if c["name"].startswith("spam-pages/")}
    # The de-confused page is spam on its generated opening and its title; the genre's closer adds to
    # its score, a harmless last line adds nothing.
    assert {v: c["verdict"] for v, c in cases.items()} == {"closer 1": "spam", "closer 2": "spam"}
    assert cases["closer 1"]["score"] > cases["closer 2"]["score"]
    assert not any(r.startswith("SG201") for r in cases["closer 2"]["reasons"])
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
