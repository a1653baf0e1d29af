"""Verdicts on the shared corpus of real spam and hard legitimate documents (every folder).

The corpus lives next to the project (../shared/corpus) and is not part of it:
these tests skip when it is absent.  Pages of ``spam-pages*`` are named by
their titles (from their SOURCES.tsv) as Gitea names wiki files.
"""
from __future__ import annotations

import json

import pytest
from support import SHARED, spamgate

CORPUS = SHARED / "corpus"
MARGIN = 2.0  # every spam document clears the spam threshold by at least this much



def evaluate(*args: str) -> dict:
    proc = spamgate("evaluate", str(CORPUS), "--name-by-sources", "--format", "json", "-v", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def summary(cases: list[dict]) -> str:
    return "\n".join(f"{c['name']} [{c['variant']}]: {c['verdict']} {c['score']} {c['reasons'][:4]}" for c in cases)


def test_push_profile_as_found():
    data = evaluate()
    spam = [c for c in data["cases"] if c["label"] == "spam"]
    assert {c["folder"] for c in spam} >= {"spam", "spam-pages", "spam-pages2"}
    assert data["misses"] == [], summary(data["misses"])
    assert data["false_positives"] == [], summary(data["false_positives"])
    thin = [c for c in spam if c["margin"] < MARGIN]
    assert thin == [], summary(thin)
    # Spam is judged on more than one kind of evidence.
    assert all(len(c["evidence"]) >= 2 for c in spam), summary([c for c in spam if len(c["evidence"]) < 2])


def test_push_profile_without_lookalikes_but_with_a_closer():
    # spam/ keeps its own closer; each page opening gets every crafted closer in turn.
    data = evaluate("--deconfuse", "--append-closer", "--every-closer")
    assert data["spam"]["cases"] > 100
    assert data["misses"] == [], summary(data["misses"])


def test_ham_with_calls_to_action_of_any_wording():
    for extra in ((), ("--deconfuse",)):
        data = evaluate("--append-legit-closer", "--promote-ham", "--every-closer", *extra)
        assert data["ham"]["cases"] >= 53 * 10
        assert data["false_positives"] == [], summary(data["false_positives"])


def _lookalike_documents() -> set[str]:
    names = set()
    table = CORPUS / "ham" / "LOOKALIKES.tsv"
    if table.is_file():
        names |= {"ham/" + ln.split("\t")[0] for ln in table.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()}
    labels = CORPUS / "ham2" / "LABELS.tsv"
    if labels.is_file():
        for ln in labels.read_text(encoding="utf-8").splitlines()[1:]:
            cells = ln.split("\t")
            if len(cells) > 1 and cells[1].strip() == "y":
                names.add("ham2/" + cells[0])
    return names


def test_commit_profile_fails_the_ham_with_lookalikes_and_no_call_to_action_fails_it():
    from spamgate.engine import scan_document
    from spamgate.hooks.evaluate import LEGIT_CLOSERS
    from spamgate.model import Document
    from spamgate.reader import read_path

    lookalikes = _lookalike_documents()
    for folder in ("ham", "ham2"):
        for path in sorted((CORPUS / folder).iterdir()):
            if path.suffix == ".tsv":
                continue
            doc = read_path(str(path))
            name = f"{folder}/{path.name}"
            as_found = scan_document(Document(name, doc.text), profile="commit")
            if name in lookalikes:
                assert as_found.failed, name
            for closer in LEGIT_CLOSERS:
                result = scan_document(Document(name, doc.text.rstrip() + "\n\n" + closer + "\n"), profile="commit")
                # What fails a commit here is the document's own characters, never the call to action.
                errors = {f.code for f in result.findings if f.severity == "error"}
                assert not {c for c in errors if not c.startswith("SG1")}, (name, closer, errors)
