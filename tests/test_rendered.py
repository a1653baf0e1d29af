"""The text a reader sees: look-alikes written as character references or escapes.

Every case is a real file checked by ``spamgate check``; a finding must name the
word as rendered and point at the characters as written in the file (line,
column, and the column just past the reference or escape).
"""
from __future__ import annotations

import json

import pytest

from support import check_files, spamgate, spamgate_json, write

O = "\u043e"  # CYRILLIC SMALL LETTER O

# name -> (file text, [(code, word as rendered, text as written, suggestion)])
FLAGGED = {
    "decimal.md": ("The m&#1086;del is ready.\n", [("SG101", "m" + O + "del", "m&#1086;del", "model")]),
    "hex.md": ("The m&#x43E;del is ready.\n", [("SG101", "m" + O + "del", "m&#x43E;del", "model")]),
    "padded.md": ("The m&#x0000043e;del is ready.\n", [("SG101", "m" + O + "del", "m&#x0000043e;del", "model")]),
    "named.md": ("The m&ocy;del is ready.\n", [("SG101", "m" + O + "del", "m&ocy;del", "model")]),
    "article.md": ("Pick &#1072; card.\n", [("SG104", "\u0430", "&#1072;", "a")]),
    "page.html": ("<p>The m&#1086del is ready.</p>\n", [("SG101", "m" + O + "del", "m&#1086del", "model")]),
    "feed.xml": ("<title>The m&#1086;del</title>\n", [("SG101", "m" + O + "del", "m&#1086;del", "model")]),
    "plain.txt": ("Its m&#1086;del.\n", [("SG101", "m" + O + "del", "m&#1086;del", "model")]),
    "strings.json": ('{"title": "The m\\u043edel is ready"}\n',
                     [("SG101", "m" + O + "del", "m\\u043edel", "model")]),
    "astral.json": ('{"t": "\\ud835\\udc07ello"}\n', [("SG102", "\U0001d407ello", "\\ud835\\udc07ello", "Hello")]),
    "messages.properties": ("greeting=Hell\\u043e world\n", [("SG101", "Hell" + O, "Hell\\u043e", "Hello")]),
    "locale.yml": ('en:\n  title: "Hell\\u043e world"\n', [("SG101", "Hell" + O, "Hell\\u043e", "Hello")]),
    "hex.yaml": ('title: "Cyrillic-free caf\\xe9 and w\\u043erld"\n',
                 [("SG101", "w" + O + "rld", "w\\u043erld", "world")]),
    "config.toml": ('title = "Hell\\U0000043e world"\n', [("SG101", "Hell" + O, "Hell\\U0000043e", "Hello")]),
    "zero-width.json": ('{"t": "in\\u200bvisible is kept", "u": "sh\\u043ew"}\n',
                        [("SG101", "sh" + O + "w", "sh\\u043ew", "show")]),
    "bidi.md": ("access = \"user&#8238; &#8294;// admin&#8297; &#8294;\"\n",
                [("SG106", None, "&#8238; &#8294;// admin&#8297; &#8294;", None)]),
}

# Texts that render as written or render as legitimate text: no finding.
CLEAN = {
    "entities.md": "Caf&eacute; &amp; cr&egrave;me br&ucirc;l&eacute;e &mdash; &copy; 2024, R&amp;D, &nbsp;done.\n",
    "greek-entities.md": "Let &alpha; be the angle and &Delta;x the step; &pi; &asymp; 3.14.\n",
    "russian.json": '{"title": "\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442, \\u043c\\u0438\\u0440", "en": "Hello"}\n',
    "escaped-backslash.json": '{"pattern": "\\\\u043e is how JSON writes it"}\n',
    "code-span.md": "Write `m&#1086;del` to get the Cyrillic letter, or:\n\n```html\n<p>m&#1086;del</p>\n```\n",
    "source.py": 'NAME = "m\\u043edel"  # source code is read as written\n',
    "page.js": 'el.innerHTML = "m&#1086;del &#8238;";  // and so is a reference in a string\n',
    "readme.md": "In Python, `\"m\\u043edel\"` and \"m\\u043edel\" are written with escapes.\n",
    "single-quoted.yaml": "title: 'Hell\\u043e world'\n",
    "hyphenation.html": "<p>Donau&shy;dampf&shy;schiff and very&#8203;long&#8203;identifier</p>\n",
    "semicolon-free.md": "The m&#1086del in Markdown is shown as written.\n",
    "escaped-reference.md": "Write m&amp;#1086;del to show the reference itself.\n",
    "emoji.json": '{"heart": "\\u2764\\ufe0f", "family": "\\ud83d\\udc68\\u200d\\ud83d\\udc69"}\n',
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    flagged = {name: text for name, (text, _) in FLAGGED.items()}
    return check_files(tmp_path_factory.mktemp("rendered"), {"flagged": flagged, "clean": CLEAN}, "--select", "SG1")


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_lookalike_written_as_reference_or_escape_is_found_where_written(report, name):
    text, expected = FLAGGED[name]
    entry = report[("flagged", name)]
    assert entry["failed"]
    got = entry["findings"]
    assert [f["code"] for f in got] == [e[0] for e in expected]
    for f, (code, word, written, suggestion) in zip(got, expected):
        if word is not None:
            assert f["text"] == word
        assert f["suggestion"] == suggestion
        line = text.split("\n")[f["line"] - 1]
        assert line[f["column"] - 1:f["end_column"] - 1] == written  # the characters as written
        if word is not None and written != word:
            assert f'written in the file as "{written}"' in f["message"]


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_text_that_renders_legitimately_or_as_written_passes(report, name):
    entry = report[("clean", name)]
    assert entry["findings"] == [], [f["message"] for f in entry["findings"]]


def test_notebook_markdown_cell_is_judged_as_rendered(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Results\n", "\n",
                                                                  "The m\u043edel and the d&#1072;ta.\n"]},
            {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
             "source": ["print('\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440')\n"]},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "analysis.ipynb"
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="ascii")  # json escapes all non-ASCII
    text = path.read_text(encoding="ascii")
    code, data = spamgate_json(str(path))
    assert code == 1
    findings = data["files"][0]["findings"]
    assert [(f["code"], f["text"], f["suggestion"]) for f in findings] == [
        ("SG101", "m\u043edel", "model"), ("SG101", "d\u0430ta", "data")]
    lines = text.split("\n")
    assert [lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] for f in findings] == [
        "m\\u043edel", "d&#1072;ta"]


def test_text_report_points_at_the_reference(tmp_path):
    page = write(tmp_path / "Home.md", "# Notes\n\nSee the  m&#1086;del card.\n")
    proc = spamgate("check", "--select", "SG1", page)
    assert proc.returncode == 1
    assert (f'{page}:3:10: SG101 Word "m\u043edel" mixes Cyrillic into Latin: U+043E CYRILLIC SMALL LETTER O; '
            'plain spelling "model"; written in the file as "m&#1086;del"') in proc.stdout


def test_findings_after_references_keep_their_columns(tmp_path):
    # References before a raw look-alike shift the rendered text, not the reported column.
    page = write(tmp_path / "p.md", "&eacute;&eacute;&#233; caf&eacute; \u0456ntro\n")
    code, data = spamgate_json("--select", "SG1", str(page))
    (f,) = data["files"][0]["findings"]
    assert (f["line"], f["column"], f["end_column"], f["text"]) == (1, 36, 41, "\u0456ntro")


@pytest.mark.parametrize("name, text, fixed", [
    ("a.md", "The m&#1086;del and caf&eacute;.\n", "The model and caf&eacute;.\n"),
    ("a.json", '{"t": "The m\\u043edel", "u": "\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442"}\n',
     '{"t": "The model", "u": "\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442"}\n'),
    ("a.yaml", 't: "Hell\\u043e"\n', 't: "Hello"\n'),
    ("a.properties", "t=Hell\\u043e\n", "t=Hello\n"),
], ids=["reference", "json", "yaml", "properties"])
def test_fix_rewrites_the_reference_or_escape(tmp_path, name, text, fixed):
    path = write(tmp_path / name, text)
    proc = spamgate("check", "--fix", path)
    assert proc.returncode == 1 and f"Fixing {path}" in proc.stdout
    assert path.read_text(encoding="utf-8") == fixed
    assert spamgate("check", path).returncode == 0


def test_commit_messages_are_judged_as_written(tmp_path):
    # A commit message is shown as plain text: a reference in it is not rendered.
    message = write(tmp_path / "COMMIT_EDITMSG", "Fix the m&#1086;del loader\n")
    assert spamgate("commit-msg", message).returncode == 0


def test_the_baseline_file_in_use_is_not_judged(tmp_path):
    # A baseline quotes the findings it holds, as JSON escapes: the run that reads it passes over it.
    write(tmp_path / "old.md", "The w\u043erd.\n")
    assert spamgate("check", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    assert "w\\u043erd" in (tmp_path / "base.json").read_text(encoding="ascii")
    proc = spamgate("check", "--baseline", "base.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    # Named on its own, it is a JSON file like any other.
    assert spamgate("check", "base.json", cwd=tmp_path).returncode == 1
