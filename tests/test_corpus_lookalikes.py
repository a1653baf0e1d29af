"""The look-alike rules against the shared corpus of real spam and hard legitimate documents.

Reads ../shared/corpus when present (nothing from it is copied into the project);
skips otherwise.
"""
from __future__ import annotations

import json
import re
import unicodedata

import pytest

from support import SHARED, spamgate

CORPUS = SHARED / "corpus"


def _non_ascii_letter(ch: str) -> bool:
    """A letter (or a letter-like number such as ⅼ) outside ASCII; quotes and dashes are not letters."""
    if ch < "\x80":
        return False
    cat = unicodedata.category(ch)
    if cat[0] == "L" or cat == "Nl":
        return True
    from spamgate.deconfuse import prototype

    return cat[0] == "N" and prototype(ch) is not None  # ᧐ NEW TAI LUE DIGIT ZERO used as o


def _scan(paths, *options):
    proc = spamgate("check", "--format", "json", *options, *paths)
    assert proc.returncode in (0, 1), proc.stderr
    return {e["path"]: e for e in json.loads(proc.stdout)["files"]}


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())
    return starts


def test_every_spam_article_fails_with_a_finding_on_every_non_ascii_word():
    paths = sorted(str(p) for p in (CORPUS / "spam").iterdir() if p.is_file())
    assert paths
    results = _scan(paths)
    for path in paths:
        entry = results[path]
        assert entry["failed"], path
        text = open(path, encoding="utf-8-sig").read()
        starts = _line_offsets(text)
        covered = set()
        for f in entry["findings"]:
            if f["line"] and f["code"].startswith("SG1"):
                base = starts[f["line"] - 1]
                covered.update(range(base + f["column"] - 1, starts[f["end_line"] - 1] + f["end_column"] - 1))
        missed = []
        for m in re.finditer(r"\S+", text):
            for i, ch in enumerate(m.group()):
                if _non_ascii_letter(ch) and m.start() + i not in covered:
                    missed.append(m.group())
                    break
        assert not missed, f"{path}: words without a finding: {missed[:20]}"


def _lookalike_docs() -> set[str]:
    rows = (CORPUS / "ham" / "LOOKALIKES.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {row.split("\t")[0] for row in rows if row.strip()}


def test_ham_lookalike_documents_are_reported_and_the_rest_are_clean():
    listed = _lookalike_docs()
    paths = sorted(str(p) for p in (CORPUS / "ham").iterdir() if p.suffix == ".md")
    results = _scan(paths, "--select", "SG1")
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        findings = results[path]["findings"]
        if name in listed:
            assert findings, f"{name}: its look-alike words were not reported"
            for f in findings:
                assert not f["text"].isascii() or f["code"] == "SG106", f
        else:
            assert findings == [], f"{name}: {[f['message'] for f in findings]}"


def test_ham_lookalike_words_are_exactly_the_mixed_ones():
    """In the listed documents, every reported word holds a look-alike, and every
    word that mixes Latin with another script is reported."""
    listed = sorted(str(CORPUS / "ham" / n) for n in _lookalike_docs())
    results = _scan(listed, "--select", "SG1")
    for path in listed:
        texts = {f["text"] for f in results[path]["findings"]}
        body = open(path, encoding="utf-8").read()
        for word in re.findall(r"[^\W\d_]+", body):
            if word.isascii():
                continue
            latin = any("a" <= c.lower() <= "z" for c in word)
            cyrillic_or_greek = any("\u0370" <= c <= "\u04ff" for c in word)
            if latin and cyrillic_or_greek:
                assert any(word in t for t in texts), (path, word)
