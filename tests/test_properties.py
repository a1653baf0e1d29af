"""Properties that hold for any input whatsoever (hypothesis).

- reading arbitrary bytes and scanning arbitrary text (any code point, NULs,
  every kind of line break, up to 1 MB) never raises, in the engine, in any
  rule or in any reporter;
- every finding lies inside the text, and its ``text`` is exactly the slice
  between (line, column) and (end_line, end_column), counted in code points
  with lines ended by LF, CRLF or a lone CR only;
- ``--fix`` is idempotent and never changes pure ASCII text;
- de-confusing pure ASCII is the identity.

Example counts are small so the suite stays fast; ``SPAMGATE_FUZZ=1`` runs a
campaign 100 times longer, ``SPAMGATE_FUZZ=N`` (N >= 2) one N times longer.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from spamgate.engine import scan_document
from spamgate.model import Document, split_lines
from spamgate.reader import Skipped, decode, document_from_bytes


def _fuzz_examples(default: int) -> int:
    """The default example count, or a multiple of it for a fuzz campaign."""
    value = os.environ.get("SPAMGATE_FUZZ", "")
    if value in ("", "0"):
        return default
    if value.isdigit() and int(value) > 1:
        return default * int(value)
    return default * 100


def fuzz(default: int):
    return settings(max_examples=_fuzz_examples(default), deadline=None, derandomize=not os.environ.get("SPAMGATE_FUZZ"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# --------------------------------------------------------------------------- strategies

LINE_BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
               "\x85", "\u2028", "\u2029"]

# Characters that exercise the rules: look-alike letters of many scripts,
# invisible and bidi controls, combining marks, IPA, CJK, emoji, RTL letters.
SPECIALS = list(
    "\u0430\u0435\u0456\u043e\u0440\u0441\u0455\u04bb\u0501\u0433\u043a\u049b\u04b3\u042c\u0412\u0422"
    "\u03bf\u03c1\u03bd\u039d\u03a1\u03a4\u03f9\u0585\u057d\u0581\u13a1\u13aa\u13a2\u13de\u2c9f\u2ca3"
    "\u2cad\u0251\u0261\u0257\u028f\u1d22\u1d20\u1d21\u0185\u0184\u01ac\u024c\u217c\u217e\u217d\u216f"
    "\u07cb\u1959\u19d0\u14aa\u0131\u0259\u00fe\u025b\u0254\u014b\u0283\u0292\u00e6\u02c8\u02d0"
    "\u200b\u200c\u200d\u2060\u00ad\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200e\u200f\u061c\ufe0f\ufe0e\U000e0041\U000e007f\u0301\u0308\u0327\u20dd"
    "\u4e2d\u6587\u3042\u30a2\ud55c\U0001f600\U0001f469\u2764\u05d0\u05d1\u0627\u0644\u06cc"
    "\u00a0\u2013\u2014\u201c\u201d\u2019\u00b5\u2126\u03b1\u03b2\u0394\ufb01\ufb02\u216b"
    "\U0001d400\U0001d41a\uff41\uff21\u00e9\u0178\u1ef9\x00\x01\x1b\x7f\ufffd\U0010ffff"
)

WORDS = ["the", "model", "Introduction", "language", "If", "you", "loved", "this", "article",
         "and", "would", "like", "to", "get", "more", "info", "about", "kindly", "check", "out",
         "our", "own", "web", "site", "How", "To", "Find", "Online", "The", "Pain", "of", "BERT-large",
         "GPT-Neo", "spamgate:", "ignore[SG101]", "ignore-file[SG101]", "ignore-next-line[SG1]",
         "https://example.com/redirect?url=https%3A%2F%2Fexample.org", "[keyword](http://pin.it/x)",
         "<a href=\"/extern/link.php?url=x\">x</a>", "#", "##", "---", "title:", "/\u02c8l\u0251\u02d0\u0261/",
         "[\u0261\u028f]", "Okay,", "the", "user", "wants", "me", "write", "0x1234abcd", "%s", "1.", "*", ">"]

characters = st.one_of(
    st.characters(blacklist_categories=("Cs",)),  # any code point but lone surrogates
    st.sampled_from(SPECIALS),
    st.characters(min_codepoint=0x20, max_codepoint=0x7e),
)

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(LINE_BREAKS),
    st.just(" "),
    st.text(characters, min_size=1, max_size=12),
    # A word with one look-alike spliced in.
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SPECIALS), st.integers(0, 12)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]),
)

small_text = st.lists(token, max_size=120).map("".join)

MB = 1024 * 1024


@st.composite
def big_text(draw):
    """Up to 1 MB: a drawn text repeated, with a drawn tail (no line breaks
    guaranteed, so single huge lines happen too)."""
    base = draw(small_text.filter(bool))
    times = draw(st.integers(1, MB // max(1, len(base))))
    tail = draw(small_text)
    return (base * times)[:MB] + tail


path_names = st.one_of(
    st.sampled_from(["README.md", "docs/notes.txt", "-", "", "wiki/Home.md",
                     "The-Pain-of-GPT-Neo.md", "Do You Need A BERT-large%3F.-.md",
                     "H%D0%BEw-To-Find-InstructGPT-Online.md", "%%%.md", "%ZZ%.md", "a/.spamgate.toml"]),
    st.text(characters, max_size=40),
)


# --------------------------------------------------------------------------- the position model

def line_starts(text: str) -> list[int]:
    """Offsets where lines start: LF, CRLF and a lone CR end a line (nothing else)."""
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def offset_of(text: str, starts: list[int], line: int, column: int) -> int:
    assert 1 <= line <= len(starts), f"line {line} outside 1..{len(starts)}"
    assert column >= 1, f"column {column}"
    start = starts[line - 1]
    next_start = starts[line] if line < len(starts) else len(text) + 1
    offset = start + column - 1
    assert offset < next_start, f"column {column} runs past the end of line {line}"
    return offset


def assert_findings_consistent(document: Document, result) -> None:
    text = document.text
    starts = line_starts(text)
    for f in result.findings:
        assert f.code and f.name and f.severity in ("error", "warning", "info"), f
        if f.location != "content":
            continue
        start = offset_of(text, starts, f.line, f.column)
        end = offset_of(text, starts, f.end_line, f.end_column)
        assert 0 <= start <= end <= len(text), (f, start, end)
        assert f.text == text[start:end], (f, text[start:end])
        if f.offset >= 0:
            assert (f.offset, f.end_offset) == (start, end), f


def scan_all_ways(document: Document):
    """Scan under both profiles and render with every reporter: nothing may raise."""
    from spamgate.reporters import FORMATS, ReportContext, get

    results = []
    for profile in ("commit", "push"):
        result = scan_document(document, profile=profile)
        assert not result.errors, "\n".join(e.detail for e in result.errors)
        assert_findings_consistent(document, result)
        results.append(result)
        for fmt in sorted(FORMATS):
            out = io.StringIO()
            get(fmt).report([result], out, ReportContext(profile=profile, verbose=True, statistics=True))
    return results


# --------------------------------------------------------------------------- properties

@fuzz(60)
@given(text=small_text, path=path_names)
@example(text="", path="")
@example(text="\r", path="-")
@example(text="a\r\r\nb\x85c\u2028d\n", path="x.md")
@example(text="t\u04bbe \u0456ntro\u0501uction\r\nw\u200bord\u202e\n", path="n.md")
@example(text="# The Pain of GPT-Neo\n\nIf you loved this article and you would like to get more info about "
              "[GPT-Neo](https://example.com/redirect?url=x) kindly check out our own web site.\n",
         path="The-Pain-of-GPT-Neo.md")
def test_scanning_any_text_never_raises_and_positions_are_exact(text, path):
    scan_all_ways(Document(path=path, text=text))


@fuzz(30)
@given(text=small_text, subject=st.one_of(st.none(), small_text))
def test_commit_messages_and_subjects(text, subject):
    scan_all_ways(Document(path="COMMIT_EDITMSG", text=text, kind="commit-message"))
    scan_all_ways(Document(path="page.md", text=text, commit_subject=subject))


@fuzz(3)
@given(text=big_text())
def test_large_texts_up_to_one_megabyte(text):
    assume(len(text) > 1000)
    scan_all_ways(Document(path="big.md", text=text))


@fuzz(100)
@given(data=st.one_of(
    st.binary(max_size=2000),
    small_text.map(lambda t: t.encode("utf-8")),
    small_text.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    small_text.map(lambda t: t.encode("utf-16")),
    small_text.map(lambda t: t.encode("utf-32")),
    st.tuples(small_text, st.binary(max_size=8)).map(lambda t: t[0].encode("utf-8") + t[1]),
))
def test_reading_any_bytes_never_raises(data):
    result = document_from_bytes(data, "f.md")
    if isinstance(result, Skipped):
        assert result.reason in ("binary", "undecodable"), result
        assert result.message
        return
    # What was decoded is exactly what the bytes say.
    text, encoding = decode(data)
    assert result.text == text
    if encoding == "utf-8":
        assert text.encode("utf-8") == data
    elif encoding == "utf-8-sig":
        assert b"\xef\xbb\xbf" + text.encode("utf-8") == data
    scan_all_ways(result)


@fuzz(100)
@given(text=st.text(characters))
@example(text="a\r\nb\rc\nd")
@example(text="\x85\u2028\u2029\x0b\x0c\x1c")
def test_document_lines_follow_git_line_breaks(text):
    doc = Document(path="f", text=text)
    starts = line_starts(text)
    assert doc.line_starts == starts
    for offset in range(0, len(text) + 1, max(1, len(text) // 50)):
        line, column = doc.locate(offset)
        assert offset_of(text, starts, line, column) == offset
    lines = list(doc.lines())
    assert len(lines) == len(starts)
    assert split_lines(text) == (lines[:-1] if lines[-1] == "" else lines)
    assert "".join(split_lines(text, keepends=True)) == text


ASCII = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=2000)


@fuzz(200)
@given(text=ASCII)
def test_deconfusing_ascii_is_the_identity(text):
    from spamgate.deconfuse import to_ascii

    assert to_ascii(text) == text


@fuzz(200)
@given(text=st.text(characters))
def test_deconfusing_is_idempotent_and_keeps_ascii(text):
    from spamgate.deconfuse import to_ascii

    once = to_ascii(text)
    assert to_ascii(once) == once
    # ASCII characters of the input all survive, in order.
    kept = iter(once)
    assert all(any(c == k for k in kept) for c in text if c.isascii())


# --------------------------------------------------------------------------- --fix


def _run_fix(path):
    proc = subprocess.run([sys.executable, "-m", "spamgate", "check", "--fix", str(path)],
                          capture_output=True, text=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return proc


FIX_TEXT = st.lists(st.one_of(token, st.sampled_from(["t\u0435xt", "\u0456ntroduction", "w\u200bord",
                                                      "mod\u0435l", "\u0251pple"])), max_size=60).map("".join)


@fuzz(6)
@given(text=FIX_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_fix_is_idempotent(tmp_path_factory, text, encoding):
    f = tmp_path_factory.mktemp("fix") / "doc.md"
    f.write_bytes(text.encode(encoding))
    _run_fix(f)
    once = f.read_bytes()
    _run_fix(f)
    assert f.read_bytes() == once, "a second --fix changed the file again"


@fuzz(6)
@given(text=ASCII)
def test_fix_never_changes_ascii(tmp_path_factory, text):
    f = tmp_path_factory.mktemp("fix") / "doc.md"
    data = text.encode("ascii")
    f.write_bytes(data)
    mtime = f.stat().st_mtime_ns
    _run_fix(f)
    assert f.read_bytes() == data
    assert f.stat().st_mtime_ns == mtime


@fuzz(60)
@given(before=st.lists(st.sampled_from(["Intro", "page", " ", "\x0c", "\x85", "\u2028", "\x0b", "\r", "\n", "\r\n"]),
                       max_size=8).map("".join))
@example(before="Intro\x0cpage\n")
def test_heading_title_candidate_is_on_the_line_it_names(before):
    text = before + ("\n" if before and not before.endswith(("\n", "\r")) else "") + "# The Pain of GPT-Neo\n\nBody.\n"
    doc = Document(path="page.md", text=text)
    for cand in doc.title_candidates:
        if cand.source == "heading":
            assert cand.text in doc.line_text(cand.line), (cand, list(doc.lines()))


@pytest.mark.parametrize("text", ["\x0b000:000:000:model", "\x0c\x0c# The Pain of GPT-Neo", "\u2028\u2028The Pain of GPT-Neo"])
def test_line_breaks_that_git_does_not_count_do_not_crash_rules(text):
    result = scan_document(Document(path="README.md", text=text), profile="push")
    assert not result.errors, "\n".join(e.detail for e in result.errors)
