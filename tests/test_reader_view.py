"""Letters judged as a reader sees them: with their marks, raised, enclosed, styled, in file names.

Evasions a spammer can try, each either found or a documented non-finding, and
real multilingual text (decomposed orthographies, IPA tables, maths, emoji,
Greek elision) that must never produce a finding.  All cases are real files
checked by one ``spamgate check`` run under the commit profile.
"""
from __future__ import annotations

import pytest

from support import check_files, spamgate, spamgate_json, write

# file name -> (text, [(code, word, suggestion)])
FLAGGED = {
    "dotless-i-dot.md": ("The \u0131\u0307ntroduction is short.\n", [("SG102", "\u0131\u0307ntroduction", "introduction")]),
    "dotless-j-dot.md": ("Take a \u0237\u0307ump.\n", [("SG102", "\u0237\u0307ump", "jump")]),
    "doubled-dot.md": ("Read the i\u0307nput file.\n", [("SG102", "i\u0307nput", "input")]),
    "dot-right.md": ("Read the \u0131\u0358nput file.\n", [("SG102", "\u0131\u0358nput", "input")]),
    "hebrew-accent.md": ("Hello\u0591 world.\n", [("SG101", "Hello\u0591", "Hello")]),
    "arabic-mark.md": ("The mo\u064edel runs.\n", [("SG101", "mo\u064edel", "model")]),
    "overlay.md": ("Clic\u0337k here.\n", [("SG102", "Clic\u0337k", "Click")]),
    "pile.md": ("Please re\u0301\u0300\u0302\u0303ad this.\n", [("SG102", "re\u0301\u0300\u0302\u0303ad", "read")]),
    "enclosing-mark.md": ("The m\u20ddodel.\n", [("SG102", "m\u20ddodel", "model")]),
    "superscript.md": ("H\u1d49llo world.\n", [("SG102", "H\u1d49llo", "Hello")]),
    "subscript.md": ("W\u2092rld peace.\n", [("SG102", "W\u2092rld", "World")]),
    "circled.md": ("\u24bdello world.\n", [("SG102", "\u24bdello", "Hello")]),
    "squared.md": ("Say \U0001f177ey.\n", [("SG102", "\U0001f177ey", "Hey")]),
    "fullwidth.md": ("\uff48ello world.\n", [("SG102", "\uff48ello", "hello")]),
    "fraktur.md": ("\u210cello world.\n", [("SG102", "\u210cello", "Hello")]),
    "selector-on-letter.md": ("Wa\ufe0fit here.\n", [("SG105", "Wa\ufe0fit", "Wait")]),
    "selector-smuggling.md": ("Nice \U0001f600\ufe00\ufe01\ufe02\ufe03 day.\n",
                              [("SG105", "\ufe00\ufe01\ufe02\ufe03", "")]),
    "ideographic-smuggling.md": ("Nice \U0001f600\U000e0100\U000e0141\U000e0142 day.\n",
                                 [("SG105", "\U000e0100\U000e0141\U000e0142", "")]),
}

# Real text: no finding.
CLEAN = {
    "greek-elision.md": "\u0389\u03c1\u03b8\u03b5 \u03b1\u03c0\u02bc \u03c4\u03bf \u03c3\u03c0\u03af\u03c4\u03b9 "
                        "\u03ba\u03b1\u03b9 \u03bc\u03af\u03bb\u03b7\u03c3\u03b5 \u03bc\u02bc \u03b1\u03c5\u03c4\u03cc\u03bd "
                        "\u03b3\u03b9\u03b1 \u03ce\u03c1\u03b5\u03c2, \u03ba\u03b9 \u03b1\u03c0\u2019 \u03ad\u03be\u03c9.\n",
    "ipa-table.csv": "word,ipa\ngit,\u0261\u026at\nbig,b\u026a\u0261\ngo,\u0261o\u028a\ncat,k\u00e6t\nsit,s\u026at\n"
                     "thing,\u03b8\u026a\u014b\nget,\u0261\u025bt\n",
    "ipa-tsv.tsv": "orth\tipa\tnote\nt\tt\u02b0\taspirated\nd\tt\u032a\tdental\nk\tk\u02b7\tlabialised\n"
                   "sh\t\u0283\tfricative\nng\t\u014b\tnasal\n",
    "ipa-diacritics.md": "The dental stop [t\u032a] and the aspirated [t\u02b0a]; syllabic /n\u0329/.\n",
    "maths.md": "Let \u211d\u207f be the space, \u2102\u207f its complex form; over \U0001d53d\u209a and \u2124/n\u2124 "
                "the group; x\u207f and a\u1d62\u2c7c.\n",
    "emoji-double-selector.md": "Sponsor us \u2764\ufe0f\ufe0f on GitHub \u2764\ufe0f\ufe0f or Patreon.\n",
    "vietnamese-nfd.md": "Vie\u0323\u0302t Nam, tie\u0302\u0301ng Vie\u0323\u0302t ra\u0302\u0301t ha\u0300y.\n",
    "french-nfd.md": "Le cafe\u0301 a\u0300 co\u0302te\u0301 de l\u2019e\u0301glise, no\u0308el.\n",
    "czech-nfd.md": "Pr\u030ci\u0301li\u0161 z\u030clut\u030couc\u030cky\u0301 ku\u030an\u030c.\n",
    "yoruba-nfd.md": "O\u0323\u0300jo\u0323\u0301 a\u0300i\u0300ku\u0301, e\u0323 n\u0300 le\u0323\u0301, m\u0300 ba\u0300.\n",
    "turkish-nfd.md": "I\u0307stanbul ve \u0131l\u0131k g\u0306u\u0308zel, s\u0327ehir.\n",
    "lithuanian.md": "Dictionary forms: i\u0307\u0301, i\u0307\u0300 and i\u0307\u0303 keep the dot.\n",
    "styled.md": "s\u0336t\u0336r\u0336u\u0336c\u0336k\u0336 and u\u0332n\u0332d\u0332e\u0332r\u0332l\u0332i\u0332n\u0332e\u0332d\u0332 text.\n",
    "ordinals.md": "The 1\u02e2\u1d57 and n\u1d57\u02b0 items, M\u02e1\u02e1\u1d49 Dupont, n\u00bas 3 e 4, 1\u00aa edi\u00e7\u00e3o.\n",
    "enclosed-standing-alone.md": "\u24bd\u24ba\u24c1\u24c1\u24c4 and \u24c2 metro, \u24d8 for info, \u2460 step.\n",
    "flags.md": "Made in \U0001f1e9\U0001f1eaGermany and \U0001f1fa\U0001f1f8USA.\n",
    "styled-words.md": "\uff28\uff25\uff2c\uff2c\uff2f and \U0001d407\U0001d41e\U0001d425\U0001d425\U0001d428.\n",
    "curly.md": "\u201cQuoted\u201d and \u2018single\u2019 \u2014 it\u2019s fine.\n",
    "encoded-link.md": "See [the page](https://wiki.example.org/H%D0%BEw-To-Start) for more.\n",
    "russian.md": "\u042d\u0442\u043e \u043a\u043e\u0440\u043e\u0442\u043a\u043e\u0435 \u043e\u043f\u0438\u0441\u0430\u043d\u0438\u0435 "
                  "\u043f\u0440\u043e\u0435\u043a\u0442\u0430, \u0430 \u043e\u043d \u0436\u0434\u0451\u0442.\n",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    flagged = {name: text for name, (text, _) in FLAGGED.items()}
    return check_files(tmp_path_factory.mktemp("reader"), {"flagged": flagged, "clean": CLEAN})


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_evasion_is_found(report, name):
    text, expected = FLAGGED[name]
    entry = report[("flagged", name)]
    got = [(f["code"], f["text"], f["suggestion"]) for f in entry["findings"] if f["code"].startswith("SG1")]
    assert got == expected
    assert entry["failed"]
    for f in entry["findings"]:
        assert text.split("\n")[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["text"]
        for c in f["characters"]:
            assert c.split(" ", 1)[0] in f["message"]


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_real_text_passes(report, name):
    entry = report[("clean", name)]
    assert entry["findings"] == [], [f["message"] for f in entry["findings"]]
    assert not entry["failed"]


def test_message_says_what_the_reader_sees(tmp_path):
    page = write(tmp_path / "a.md", "The \u0131\u0307ntroduction.\n")
    proc = spamgate("check", page)
    assert proc.returncode == 1
    assert ('SG102 Word "\u0131\u0307ntroduction" writes i or j with a combining dot: U+0131 LATIN SMALL LETTER '
            'DOTLESS I, U+0307 COMBINING DOT ABOVE; plain spelling "introduction"') in proc.stdout
    marks = write(tmp_path / "b.md", "Hello\u0591 there.\n")
    assert 'mixes Hebrew marks into Latin: U+0591 HEBREW ACCENT ETNAHTA' in spamgate("check", marks).stdout


def test_phonetic_letters_in_prose_are_still_found(tmp_path):
    # The same letters as the IPA table, in an English document without transcriptions.
    page = write(tmp_path / "post.md", "Use \u0261it to \u0261et the big repo, then sit back.\n")
    code, data = spamgate_json(str(page))
    assert [(f["code"], f["suggestion"]) for f in data["files"][0]["findings"]] == [("SG102", "git"), ("SG102", "get")]


@pytest.mark.parametrize("name, expected", [
    ("H%D0%BEw-To-Find-Things.md", 'SG101 File name "H%D0%BEw-To-Find-Things.md": Word "H\u043ew" mixes Cyrillic'),
    ("H%25D0%25BEw-To.md", 'SG101 File name "H%25D0%25BEw-To.md": Word "H\u043ew" mixes Cyrillic'),
    ("H\u043ew-To-Find-Things.md", 'SG101 File name: Word "H\u043ew" mixes Cyrillic'),
    ("\u0131\u0307ntro.md", 'SG102 File name: Word "\u0131\u0307ntro" writes i or j with a combining dot'),
], ids=["url-encoded", "encoded-twice", "raw", "marks"])
def test_lookalike_in_the_file_name_is_found(tmp_path, name, expected):
    page = write(tmp_path / name, "# Notes\n\nMeeting notes, all done.\n")
    proc = spamgate("check", page)
    assert proc.returncode == 1
    assert f"{page}: {expected}" in proc.stdout


@pytest.mark.parametrize("name", ["Cafe\u0301 notes.md", "Caf\u00e9 notes.md", "\u041f\u0440\u0438\u0432\u0435\u0442.md",
                                  "Hello%20World%3F.-.md", "\u65e5\u672c\u8a9e.md"])
def test_real_file_names_pass(tmp_path, name):
    page = write(tmp_path / name, "# Notes\n\nMeeting notes, all done.\n")
    proc = spamgate("check", page)
    assert proc.returncode == 0, proc.stdout


def test_fix_removes_marks_and_reads_raised_and_enclosed_letters(tmp_path):
    page = write(tmp_path / "a.md", "The \u0131\u0307ntro, Clic\u0337k, H\u1d49llo and \u24bdello, caf\u00e9.\n")
    proc = spamgate("check", "--fix", page)
    assert proc.returncode == 1
    assert page.read_text(encoding="utf-8") == "The intro, Click, Hello and Hello, caf\u00e9.\n"
