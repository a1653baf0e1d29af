"""Verdicts on the shared corpus of real spam and hard legitimate documents.

The corpus lives next to the project (../shared/corpus) and is not part of it:
these tests skip when it is absent.  Spam-pages documents are named by their
titles (from spam-pages/SOURCES.tsv) as Gitea names wiki files.
"""
from __future__ import annotations

import json

import pytest
from support import SHARED, spamgate

CORPUS = SHARED / "corpus"



def evaluate(*args: str) -> dict:
    proc = spamgate("evaluate", str(CORPUS), "--name-by-sources", "--format", "json", "-v", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def summary(cases: list[dict]) -> str:
    return "\n".join(f"{c['name']} [{c['variant']}]: {c['verdict']} {c['score']} {c['reasons'][:4]}" for c in cases)


def test_push_profile_as_found():
    data = evaluate()
    assert data["spam"]["cases"] == 25
    assert data["misses"] == [], summary(data["misses"])
    assert data["false_positives"] == [], summary(data["false_positives"])


def test_push_profile_without_lookalikes_but_with_a_closer():
    # spam/ keeps its own closer; each spam-pages opening gets every crafted closer in turn.
    data = evaluate("--deconfuse", "--append-closer", "--every-closer")
    assert data["spam"]["cases"] > 25
    assert data["misses"] == [], summary(data["misses"])


def test_ham_with_legitimate_calls_to_action():
    for extra in ((), ("--deconfuse",)):
        data = evaluate("--append-legit-closer", "--every-closer", *extra)
        assert data["ham"]["cases"] >= 23 * 5
        assert data["false_positives"] == [], summary(data["false_positives"])


def test_commit_profile_fails_ham_only_for_lookalikes():
    data = evaluate("--profile", "commit", "--append-legit-closer", "--every-closer")
    lookalike_docs = set()
    lookalikes = CORPUS / "ham" / "LOOKALIKES.tsv"
    if lookalikes.is_file():
        lookalike_docs = {ln.split("\t")[0] for ln in lookalikes.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()}
    for case in data["cases"]:
        if case["label"] != "ham":
            continue
        assert not any(r.startswith(("SG201", "SG205")) for r in case["reasons"]), summary([case])
        name = case["name"].split("/", 1)[1]
        if name not in lookalike_docs:
            assert not case["failed"], summary([case])
