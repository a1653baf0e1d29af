"""Inline suppressions: markers in any comment syntax, codes required, ASCII only."""
import pytest
from hypothesis import given, settings, strategies as st

from support import spamgate, spamgate_json, write

LOOKALIKE = "Intr\u043eduction"  # Cyrillic o in a Latin word: SG101
LOOKALIKE2 = "\u0455pecial"  # Cyrillic dze


def findings(data, index=0):
    return [(f["code"], f["line"]) for f in data["files"][index]["findings"]]


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize("line", [
    "x = 1  # spamgate: ignore[SG101]",
    "x = 1; // spamgate: ignore[SG101]",
    "<!-- spamgate: ignore[SG101] -->",
    "-- spamgate: ignore[SG101]",
    "; spamgate: ignore[SG101]",
    "/* spamgate:ignore[ SG101 ] */",
    "SPAMGATE: IGNORE[sg101]",
    "% spamgate: ignore [SG101]",
])
def test_marker_in_any_comment_syntax(line):
    from spamgate.suppress import iter_markers

    [m] = list(iter_markers(line))
    assert m.kind == "ignore" and m.codes == ("SG101",) and m.line == 1


def test_marker_kinds_and_code_lists():
    from spamgate.model import Document
    from spamgate.suppress import collect

    text = ("a  # spamgate: ignore[SG101, SG104]\n"
            "b  # spamgate: ignore-next-line[SG102 SG103]\n"
            "c\n"
            "d  <!-- spamgate: ignore-file[SG105] -->\n")
    s = collect(Document("x.md", text))
    assert s.by_line == {1: {"SG101", "SG104"}, 3: {"SG102", "SG103"}}
    assert s.file_codes == {"SG105"}


def test_markers_without_codes_or_with_bad_codes_count_for_nothing():
    from spamgate.model import Document
    from spamgate.suppress import collect, iter_markers

    text = "# spamgate: ignore\n# spamgate: ignore[]\n# spamgate: ignore-file[all]\n"
    markers = list(iter_markers(text))
    assert [m.codes for m in markers] == [(), (), ()]
    assert markers[2].bad_codes == ("all",)
    assert not collect(Document("x", text))


def test_apply_by_line_next_line_and_file():
    from spamgate.model import Document
    from spamgate.rules.confusables import MIXED as check_a
    from spamgate.rules.confusables import WHOLE as check_b
    from spamgate.suppress import apply, collect

    text = "one X  # spamgate: ignore[SG101]\n# spamgate: ignore-next-line[SG104]\nthree X\nfour X\n"
    doc = Document("x", text)
    x1, x3, x4 = (text.index("X", text.index(w)) for w in ("one", "three", "four"))
    fs = [doc.finding(check_a, x1, x1 + 1, "m"), doc.finding(check_b, x1, x1 + 1, "m"),
          doc.finding(check_b, x3, x3 + 1, "m"), doc.finding(check_a, x3, x3 + 1, "m"),
          doc.finding(check_b, x4, x4 + 1, "m")]
    kept, dropped = apply(fs, collect(doc))
    assert [(f.code, f.line) for f in dropped] == [("SG101", 1), ("SG104", 3)]
    assert [(f.code, f.line) for f in kept] == [("SG104", 1), ("SG101", 3), ("SG104", 4)]
    doc2 = Document("y", text + "# spamgate: ignore-file[SG104]\n")
    kept, dropped = apply(fs, collect(doc2))
    assert [(f.code, f.line) for f in kept] == [("SG101", 3)]


@pytest.mark.parametrize("disguise", [
    "\u0455pamgate: ignore[SG101]",  # Cyrillic dze
    "spamg\u0430te: ignore[SG101]",  # Cyrillic a
    "spam\u200bgate: ignore[SG101]",  # zero-width space
    "spamgate: ign\u03bfre[SG101]",  # Greek omicron
    "\uff53\uff50\uff41\uff4d\uff47\uff41\uff54\uff45: ignore[SG101]",  # fullwidth
    "spamgate\u2236 ignore-file[SG101]",  # ratio sign for the colon
    "spamgate\uff1a ignore-file[SG101]",  # fullwidth colon
    "spamgate\ufe55 ignore[SG101]",  # small colon
    "spamgate\u02d0 ignore[SG101]",  # modifier letter triangular colon
    "\u0455pamgate\u200b: ignore[SG101]",  # a hidden character before the colon
    "spamgate: ignore\u2010next-line[SG101]",  # hyphen
])
def test_disguised_markers_are_found_and_do_nothing(disguise):
    from spamgate.model import Document
    from spamgate.suppress import collect, disguised_markers

    text = f"text {LOOKALIKE} <!-- {disguise} -->\n"
    [(start, end, ascii_form)] = list(disguised_markers(text))
    assert ascii_form.lower().startswith("spamgate")
    assert text[start:end].rstrip("]").endswith(("SG101", "SG101]")) or "SG101" in text[start:end]
    assert not collect(Document("x", text))


def test_plain_marker_is_not_disguised_even_beside_other_text():
    from spamgate.suppress import disguised_markers

    assert list(disguised_markers(f"{LOOKALIKE} # spamgate: ignore[SG101]\n")) == []
    assert list(disguised_markers("# spamgate: ignore[SG1\u041e1]\n")) == []  # bad code, not a disguise


# ---------------------------------------------------------------- the SG9xx rule, through the CLI


def test_marker_findings_through_the_cli(tmp_path):
    f = write(tmp_path / "a.py", "x = 1  # spamgate: ignore\n"
                                 "y = 2  # spamgate: ignore[SG999, every]\n"
                                 "z = 3  # \u0455pamgate: ignore[SG903]\n")
    code, data = spamgate_json(str(f))
    got = {(x["code"], x["line"], x["column"], x["severity"]) for x in data["files"][0]["findings"]}
    assert ("SG901", 1, 10, "warning") in got
    assert ("SG903", 2, 10, "warning") in got
    assert ("SG902", 3, 10, "error") in got
    assert code == 1  # the disguised marker is an error
    messages = {x["code"]: x["message"] for x in data["files"][0]["findings"]}
    assert "SG999" in messages["SG903"] and "every" in messages["SG903"]
    assert "U+0455 CYRILLIC SMALL LETTER DZE" in messages["SG902"]


def test_sg9_findings_cannot_be_suppressed(tmp_path):
    f = write(tmp_path / "a.md", "# spamgate: ignore-file[SG901, SG902]\n\u0455pamgate: ignore\n# spamgate: ignore\n")
    _, data = spamgate_json(str(f))
    assert {c for c, _ in findings(data)} >= {"SG901", "SG902"}


# ---------------------------------------------------------------- suppressing real findings


def test_ignore_same_line(tmp_path):
    f = write(tmp_path / "a.md",
              f"{LOOKALIKE} here <!-- spamgate: ignore[SG101] -->\n{LOOKALIKE} there\n")
    code, data = spamgate_json(str(f))
    assert [c for c in findings(data) if c[0] == "SG101"] == [("SG101", 2)]
    assert data["files"][0]["suppressed"] == 1


def test_ignore_next_line(tmp_path):
    f = write(tmp_path / "a.py",
              f"# spamgate: ignore-next-line[SG101]\nA = '{LOOKALIKE}'\nB = '{LOOKALIKE2}'\n")
    _, data = spamgate_json(str(f))
    assert [c for c in findings(data) if c[0] == "SG101"] == [("SG101", 3)]


def test_ignore_file(tmp_path):
    f = write(tmp_path / "a.md", f"{LOOKALIKE}\n\n<!-- spamgate: ignore-file[SG101] -->\n{LOOKALIKE2}\n")
    code, data = spamgate_json(str(f))
    assert [c for c in findings(data) if c[0] == "SG101"] == []
    assert data["files"][0]["suppressed"] == 2
    assert code == 0


def test_wrong_code_does_not_suppress(tmp_path):
    f = write(tmp_path / "a.md", f"{LOOKALIKE} <!-- spamgate: ignore[SG105] -->\n")
    code, data = spamgate_json(str(f))
    assert ("SG101", 1) in findings(data) and code == 1


def test_disguised_marker_does_not_suppress(tmp_path):
    f = write(tmp_path / "a.md", f"{LOOKALIKE} <!-- \u0455pamgate: ignore[SG101] -->\n")
    code, data = spamgate_json(str(f))
    got = [c for c, _ in findings(data)]
    assert "SG101" in got and "SG902" in got and code == 1


def test_push_profile_ignores_suppressions(tmp_path):
    f = write(tmp_path / "a.md", f"{LOOKALIKE} <!-- spamgate: ignore-file[SG101] -->\n")
    _, data = spamgate_json(str(f))
    assert "SG101" not in [c for c, _ in findings(data)]
    _, data = spamgate_json("--profile", "push", str(f))
    assert "SG101" in [c for c, _ in findings(data)]
    assert "suppressed" not in data["files"][0]


def test_engine_flag_allow_suppressions():
    from spamgate.engine import scan_document
    from spamgate.model import Document

    doc = Document("a.md", f"{LOOKALIKE} <!-- spamgate: ignore[SG101] -->\n")
    assert "SG101" not in [f.code for f in scan_document(doc).findings]
    assert "SG101" in [f.code for f in scan_document(doc, profile="push").findings]
    assert "SG101" not in [f.code for f in scan_document(doc, profile="push", allow_suppressions=True).findings]
    assert "SG101" in [f.code for f in scan_document(doc, allow_suppressions=False).findings]


def test_text_output_of_suppressed_file_is_clean(tmp_path):
    # (A line of the one word "Introduction" would be a stock opening of generated articles.)
    f = write(tmp_path / "a.md", f"Read the {LOOKALIKE} first. <!-- spamgate: ignore[SG101] -->\n")
    proc = spamgate("check", f)
    assert proc.returncode == 0, proc.stdout
    assert "SG101" not in proc.stdout


MARKER_PARTS = ["spamgate", "SpamGate", "SPAMGATE", "spamgat", ":", " ", "\t", "ignore", "IGNORE", "-next-line",
                "-file", "-line", "[", "]", "SG101", ",", "x", "\n", "\r", "_", "\u017f", "\u212a", "\u0430",
                "\u00a0", "1"]


@given(st.lists(st.sampled_from(MARKER_PARTS), max_size=24).map("".join))
@settings(max_examples=600, deadline=None)
def test_the_marker_pattern_matches_what_re_matches(text):
    import re

    from spamgate.suppress import MARKER, _patterns

    ours = [(m.span(), m.groups()) for m in _patterns()[0].finditer(text)]
    assert ours == [(m.span(), m.groups()) for m in re.finditer(MARKER, text, re.IGNORECASE | re.ASCII)]


def test_spamgate_in_any_case_is_only_ever_spelled_in_ascii_letters():
    import re

    import regex

    from spamgate.suppress import mentions_spamgate

    beyond = "".join(chr(cp) for cp in range(0x80, 0x110000) if not 0xD800 <= cp < 0xE000)
    # No character beyond ASCII reads as a letter of "spamgate" in any case, for re, regex or str.lower().
    assert re.findall("[spamgte]", beyond, re.IGNORECASE | re.ASCII) == []
    assert regex.findall("[spamgte]", beyond, regex.IGNORECASE | regex.ASCII) == []
    assert not set("spamgte") & set(beyond.lower())
    assert mentions_spamgate("x SpamGATE \u0430") and not mentions_spamgate("spam gate \u0430")
