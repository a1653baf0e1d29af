"""--fix and --diff: only flagged spans change; encoding, BOM, line endings and every other byte stay."""
import codecs
import json
import os
import stat

import pytest

from support import spamgate, spamgate_json, write

FIXED_KINDS = {"SG101", "SG102", "SG103", "SG104", "SG105"}

# look-alike -> the ASCII letter it imitates
LOOKALIKES = {
    "a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456",
    "s": "\u0455", "h": "\u04bb", "d": "\u0501", "T": "\u0422", "B": "\u0412", "N": "\u039d",
    "u": "\u057d", "g": "\u0261", "l": "\u217c", "v": "\u1d20", "w": "\u1d21", "M": "\u041c",
}

# Spam articles written in plain ASCII (plus legitimate non-ASCII that must stay),
# then "spammed" by swapping letters of the marked words (between { and }) for
# look-alikes, and by hiding zero-width characters inside words marked with |.
ARTICLES = [
    """# The {Secret} Of {Natural} Language Processing

{Introduction}

In the realm of {natural} language processing, {transformer} models have
{changed} how we {build} search. The caf\u00e9 down the road \u2013 \u201cthe best\u201d \u2013 uses
them too. \u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440: Russian text is fine here.

Large {models} are {trained} on in|visible web data, which {makes} them
{powerful} but ex|pensive.

If you {loved} this {article} and you would like to get more {info} about
[{DistilBERT}](https://example.org/redirect?url=spam) kindly {visit} our own web-site.
""",
    """{Tips} For {Better} {Writing}

{Many} {people} {believe} that {writing} is {hard}. Here are {nine} {tips}:
1. {Keep} it {short}.
2. Use wo|rd jo\u2060iners n|ever.

{Visit} our {website} for {more}.
""",
]


def spam(article: str) -> tuple[str, str]:
    """(spammed text, the plain text a perfect fix gives back)."""
    plain, spammed = [], []
    i = 0
    word_index = 0
    while i < len(article):
        c = article[i]
        if c == "{":
            j = article.index("}", i)
            word = article[i + 1:j]
            letters = [k for k, ch in enumerate(word) if ch in LOOKALIKES]
            # one or two look-alikes per word, at varying places
            pick = {letters[word_index % len(letters)]} if letters else set()
            if len(letters) > 2 and word_index % 3 == 0:
                pick.add(letters[-1])
            spammed.append("".join(LOOKALIKES[ch] if k in pick else ch for k, ch in enumerate(word)))
            plain.append(word)
            word_index += 1
            i = j + 1
        elif c == "|":
            spammed.append("\u200b")
            i += 1
        elif c == "\u2060":
            spammed.append(c)
            i += 1
        else:
            spammed.append(c)
            plain.append(c)
            i += 1
    return "".join(spammed), "".join(plain)


def encode(text: str, encoding: str, newline: str) -> bytes:
    text = text.replace("\n", newline)
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if encoding == "utf-32-le":
        return codecs.BOM_UTF32_LE + text.encode("utf-32-le")
    return text.encode(encoding)


def finding_codes(data):
    return {f["code"] for e in data["files"] for f in e["findings"]}


# ---------------------------------------------------------------- round trips through the CLI


VARIANTS = [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("utf-16-le", "\r\n"), ("utf-16-be", "\n"),
            ("utf-32-le", "\n"), ("utf-8", "\r")]


@pytest.mark.parametrize("article", range(len(ARTICLES)))
def test_fix_round_trip(tmp_path, article):
    """Each article, in every encoding and line-ending style, fixed in one run."""
    spammed, plain = spam(ARTICLES[article])
    paths = []
    for n, (encoding, newline) in enumerate(VARIANTS):
        path = tmp_path / f"article-{n}-{encoding}.md"
        path.write_bytes(encode(spammed, encoding, newline))
        os.chmod(path, 0o640)
        paths.append(path)
    code, before = spamgate_json(*map(str, paths))
    assert code == 1
    for entry in before["files"]:
        assert "skipped" not in entry
        assert FIXED_KINDS & {f["code"] for f in entry["findings"]}, entry["path"]

    proc = spamgate("check", "--fix", *paths)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for path, (encoding, newline) in zip(paths, VARIANTS):
        assert f"Fixing {path}" in proc.stdout.splitlines()
        # Nothing but the look-alikes and invisible characters changed.
        assert path.read_bytes() == encode(plain, encoding, newline), (encoding, newline)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(tmp_path.iterdir()) == sorted(paths)  # no temporary file left
    code, after = spamgate_json(*map(str, paths))
    assert not FIXED_KINDS & finding_codes(after), after

    # A second run has nothing to fix.
    proc = spamgate("check", "--fix", *paths)
    assert "Fixing" not in proc.stdout


def test_fix_reports_what_is_left_and_leaves_clean_files_alone(tmp_path):
    spammed, plain = spam(ARTICLES[1])
    dirty = write(tmp_path / "dirty.md", spammed)
    clean = write(tmp_path / "clean.md", "Plain text, caf\u00e9.\n")
    clean_stat = clean.stat()
    proc = spamgate("check", "--fix", dirty, clean)
    assert proc.returncode == 1
    assert proc.stdout.count("Fixing ") == 1
    assert dirty.read_text(encoding="utf-8") == plain
    assert clean.stat().st_mtime_ns == clean_stat.st_mtime_ns
    # only clean files: exit 0, nothing printed about fixing
    proc = spamgate("check", "--fix", clean)
    assert proc.returncode == 0 and "Fixing" not in proc.stdout


def test_fix_keeps_unfixable_findings(tmp_path):
    # A disguised suppression marker is reported but is not a look-alike finding --fix rewrites
    # on its own; bidi controls are left for a person.
    text = "x = 1  # spamgate: ignore\nsafe = \u202eevil\u202c\n"
    f = write(tmp_path / "a.py", text)
    proc = spamgate("check", "--fix", f)
    assert "SG901" in proc.stdout
    assert "\u202e" in f.read_text(encoding="utf-8")


def test_fix_follows_symlinks(tmp_path):
    spammed, plain = spam(ARTICLES[1])
    target = write(tmp_path / "real.md", spammed)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    proc = spamgate("check", "--fix", link)
    assert proc.returncode == 1
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == plain


def test_diff_shows_fix_without_writing(tmp_path):
    spammed, plain = spam(ARTICLES[1])
    f = write(tmp_path / "a.md", spammed.replace("\n", "\r\n"))
    original = f.read_bytes()
    proc = spamgate("check", "--diff", "a.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert f.read_bytes() == original
    out = proc.stdout
    assert out.startswith("--- a/a.md\n+++ b/a.md\n@@ ")
    removed = [l for l in out.split("\n") if l.startswith("-") and not l.startswith("---")]
    added = [l[1:] for l in out.split("\n") if l.startswith("+") and not l.startswith("+++")]
    assert removed and all(line.isascii() for line in added)
    assert "Tips For Better Writing\r" in added
    assert "1 file would be fixed." in proc.stderr
    # --fix --diff also only shows
    assert spamgate("check", "--fix", "--diff", "a.md", cwd=tmp_path).stdout == out
    assert f.read_bytes() == original
    # nothing to fix: no diff, exit 0
    write(tmp_path / "b.md", "fine\n")
    proc = spamgate("check", "--diff", "b.md", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""


def test_fix_standard_input_writes_the_text_and_reports_what_remains(tmp_path):
    # The first article ends with a spam closer, which --fix cannot fix: it is
    # reported on standard error and the exit status says it remains.
    spammed, plain = spam(ARTICLES[0])
    proc = spamgate("check", "--fix", "--stdin-filename", "page.md", "-", input=spammed.encode("utf-8"))
    assert proc.returncode == 1
    assert proc.stdout == plain
    assert "page.md:12:1: SG201" in proc.stderr
    assert "SG101" not in proc.stderr
    # Once only fixable findings were there, nothing remains: exit 0.
    spammed, plain = spam(ARTICLES[0].split("If you")[0])
    proc = spamgate("check", "--fix", "-", input=spammed.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == plain
    # Findings in another format go to standard error in that format.
    proc = spamgate("check", "--fix", "--format", "json", "-", input="It t\u0435sts \u202eevil.\n")
    assert proc.stdout == "It tests \u202eevil.\n"
    assert [f["code"] for f in json.loads(proc.stderr)["files"][0]["findings"]] == ["SG106"]
    assert proc.returncode == 1


def test_fix_with_other_formats_keeps_stdout_parseable(tmp_path):
    import json

    spammed, _ = spam(ARTICLES[1])
    f = write(tmp_path / "a.md", spammed)
    proc = spamgate("check", "--fix", "--format", "json", f)
    assert proc.returncode == 1
    assert f"Fixing {f}" in proc.stderr
    data = json.loads(proc.stdout)
    assert not FIXED_KINDS & finding_codes(data)


def test_fix_respects_ignore(tmp_path):
    spammed, _ = spam(ARTICLES[1])
    f = write(tmp_path / "a.md", spammed)
    proc = spamgate("check", "--fix", "--ignore", "SG1", f)
    assert "Fixing" not in proc.stdout
    assert f.read_text(encoding="utf-8") == spammed


# ---------------------------------------------------------------- the byte splicer, on synthetic findings


def _synthetic(data: bytes, words: list[str]):
    from spamgate.model import Document
    from spamgate.reader import document_from_bytes
    from spamgate.rules.confusables import MIXED as check

    doc = document_from_bytes(data, "x.md")
    assert isinstance(doc, Document)
    findings = []
    for w in words:
        start = doc.text.index(w)
        findings.append(doc.finding(check, start, start + len(w), "m"))
    return doc, findings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le"])
def test_plan_splices_only_flagged_spans(encoding):
    from spamgate.fix import plan

    text = "Caf\u00e9 \u0422\u0435st\r\nm\u0456xed \u0422\u0435st again\n\u043e untouched\n"
    data = encode(text, encoding, "\n")
    doc, findings = _synthetic(data, ["\u0422\u0435st", "m\u0456xed"])  # first "Тeѕt" only
    fx = plan(data, doc, findings)
    assert fx.spans == 2
    expected = "Caf\u00e9 Test\r\nmixed \u0422\u0435st again\n\u043e untouched\n"
    assert fx.new_text == expected
    assert fx.new_bytes == encode(expected, encoding, "\n")


def test_plan_uses_suggestion_for_letters_without_prototype():
    from spamgate.fix import fix_span

    assert fix_span("wor\u049b", None) == "work"  # Cyrillic ka with descender: supplement prototype
    assert fix_span("wor\u04c4", "work") == "work"  # Cyrillic ka with hook: no prototype
    assert fix_span("wor\u04c4", None) == "wor\u04c4"
    assert fix_span("in\u200bvisible") == "invisible"
    assert fix_span("\u0455o\u00adft", "soft") == "soft"


def test_plan_merges_overlapping_findings():
    from spamgate.fix import plan
    from spamgate.rules.invisible import INVISIBLE as inv

    data = "a t\u0435x\u200bt b\n".encode("utf-8")
    doc, findings = _synthetic(data, ["t\u0435x\u200bt"])
    start = doc.text.index("\u200b")
    findings.append(doc.finding(inv, start, start + 1, "m"))
    fx = plan(data, doc, findings)
    assert fx.new_bytes == b"a text b\n"


def test_plan_refuses_when_file_changed():
    from spamgate.fix import FixError, plan

    data = "a t\u0435xt b\n".encode("utf-8")
    doc, findings = _synthetic(data, ["t\u0435xt"])
    with pytest.raises(FixError):
        plan("a  t\u0435xt b\n".encode("utf-8"), doc, findings)


def test_plan_ignores_path_findings_and_unfixable_codes():
    from spamgate.fix import plan

    data = "t\u0435xt\n".encode("utf-8")
    doc, findings = _synthetic(data, ["t\u0435xt"])
    assert plan(data, doc, [findings[0]._replace(code="SG106")]) is None
    assert plan(data, doc, [findings[0]._replace(location="path")]) is None


def test_write_atomic_keeps_mode(tmp_path):
    from spamgate.fix import write_atomic

    f = tmp_path / "x.sh"
    f.write_bytes(b"old")
    os.chmod(f, 0o755)
    write_atomic(str(f), b"new")
    assert f.read_bytes() == b"new"
    assert stat.S_IMODE(f.stat().st_mode) == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.sh"]


def test_precommit_manifest_has_fix_hook():
    import yaml

    from support import ROOT

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    fix = hooks["spamgate-fix"]
    assert fix["entry"] == "spamgate check --fix"
    assert fix["types"] == ["text"] and fix["language"] == "python"
    assert set(fix["stages"]) == {"pre-commit", "manual"}


# ---------------------------------------------------------------- the word's own script


@pytest.mark.parametrize("before,after", [
    ("\u041fp\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!", "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!"),  # Пpивет -> Привет
    ("\u041c\u044b \u043co\u0440\u0435 \u043b\u044e\u0431\u0438\u043c.", "\u041c\u044b \u043c\u043e\u0440\u0435 \u043b\u044e\u0431\u0438\u043c."),  # мoре -> море
    ("B\u0441\u0435\u043a\u0438 \u0434\u0435\u043d.", "\u0412\u0441\u0435\u043a\u0438 \u0434\u0435\u043d."),  # Bсеки -> Всеки
    ("\u0391\u03b8\u03ae\u03bda \u03b5\u03af\u03bd\u03b1\u03b9.", "\u0391\u03b8\u03ae\u03bd\u03b1 \u03b5\u03af\u03bd\u03b1\u03b9."),  # Αθήνa -> Αθήνα
    ("This \u0456ntrodu\u0441tion.", "This introduction."),
    ("Pick \u0430 card, then \u043ef it.", "Pick a card, then of it."),  # whole-word look-alike; a tie the line decides
])
def test_fix_respells_words_in_their_own_script(tmp_path, before, after):
    f = write(tmp_path / "a.md", before + "\n")
    proc = spamgate("check", "--fix", f)
    assert f.read_text(encoding="utf-8") == after + "\n", proc.stdout + proc.stderr
    assert "not fixed" not in proc.stderr


@pytest.mark.parametrize("text,reason", [
    ("\u0422\u0435st\n", "it has as many Cyrillic as Latin letters, and its line does not say which script it is in"),
    ("It is \u0434as.\n", "U+0434 CYRILLIC SMALL LETTER DE looks like no ASCII letter"),
    ("\u041d\u043e\u0432\u0430\u044f \u043b\u0435n\u0442\u0430\n",  # лента with a Latin n
     "no Cyrillic letter looks like U+006E LATIN SMALL LETTER N"),
])
def test_fix_leaves_unclear_words_and_says_why(tmp_path, text, reason):
    f = write(tmp_path / "a.md", text)
    proc = spamgate("check", "--fix", f)
    assert f.read_text(encoding="utf-8") == text  # nothing changed
    assert proc.returncode == 1  # the finding stays
    assert f"spamgate check: not fixed: {f}:" in proc.stderr
    assert f"{reason}; retype the word in one script" in proc.stderr
    assert "SG101" in proc.stdout and "Fixing" not in proc.stdout


def test_twins_are_letters_of_the_script_that_read_as_the_letter():
    from spamgate.fix import twins

    cyrillic, greek = twins("Cyrl"), twins("Grek")
    assert (cyrillic["p"], cyrillic["o"], cyrillic["B"], cyrillic["a"]) == ("\u0440", "\u043e", "\u0412", "\u0430")
    assert (greek["a"], greek["o"], greek["v"]) == ("\u03b1", "\u03bf", "\u03bd")
    assert "f" not in cyrillic and "t" not in cyrillic


def test_a_successful_fix_says_why_it_exits_1(tmp_path):
    f = write(tmp_path / "a.md", "The w\u043erd.\n")
    proc = spamgate("check", "--fix", f)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == f"Fixing {f}"
    assert proc.stdout.splitlines()[-1] == ("Fixed 1 file: review the changes and stage them "
                                            "(exit status 1, since files were changed).")
    assert "All clear: no findings in 1 file." in proc.stdout
