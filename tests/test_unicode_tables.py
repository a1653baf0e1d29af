"""The Unicode data: one version for every property, tables reproducible from the data files."""
from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import subprocess
import sys

import pytest

from support import ROOT, SHARED, write

UNICODE = SHARED / "unicode"
GENERATOR = ROOT / "scripts" / "generate_unicode_tables.py"


def _generator():
    """The generator script as a module (its helpers read the data files and the libraries)."""
    spec = importlib.util.spec_from_file_location("generate_unicode_tables", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def everything(gen):
    """Every code point as one string (index = code point)."""
    return gen.all_code_points()


def _runs(predicate) -> list[tuple[int, int]]:
    """(first, end) of the runs of code points for which ``predicate(cp)`` holds."""
    out = []
    start = None
    for cp in range(0x110000):
        if predicate(cp):
            if start is None:
                start = cp
        elif start is not None:
            out.append((start, cp))
            start = None
    if start is not None:
        out.append((start, 0x110000))
    return out


def _run_generator(tmp_path, source):
    """Run a copy of the generator in a scratch tree, so the package is never touched."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(GENERATOR, tmp_path / "scripts")
    proc = subprocess.run([sys.executable, str(tmp_path / "scripts" / GENERATOR.name), str(source)],
                          capture_output=True, text=True)
    return proc, tmp_path / "spamgate" / "ucd"


def test_generator_reproduces_the_committed_tables(tmp_path):
    proc, out = _run_generator(tmp_path, UNICODE)
    assert proc.returncode == 0, proc.stderr
    assert (out / "tables.py").read_bytes() == (ROOT / "spamgate" / "ucd" / "tables.py").read_bytes()
    assert (out / "LICENSE-UNICODE.txt").read_bytes() == (ROOT / "spamgate" / "ucd" / "LICENSE-UNICODE.txt").read_bytes()


def test_generator_reports_missing_input(tmp_path):
    proc = subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_generator_refuses_data_of_another_unicode_version(tmp_path):
    # The same files, stamped as Unicode 16.0.0: the installed unicodedata2 holds 17.0.0.
    data = tmp_path / "data"
    data.mkdir()
    for path in UNICODE.glob("*.txt"):
        (data / path.name).write_text(path.read_text(encoding="utf-8-sig").replace("17.0.0", "16.0.0"),
                                      encoding="utf-8")
    (tmp_path / "tree").mkdir()
    proc, out = _run_generator(tmp_path / "tree", data)
    assert proc.returncode == 2
    assert "unicodedata2 holds Unicode 17.0.0 but the data files are 16.0.0" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (out / "tables.py").exists()


def test_libraries_hold_the_version_of_the_tables():
    import unicodedata2

    from spamgate import ucd

    assert ucd.unicode_version() == "17.0.0"
    assert unicodedata2.unidata_version == ucd.unicode_version()
    assert _generator().libraries_error(ucd.unicode_version()) is None


def test_general_category_is_one_version_in_unicodedata2_and_regex(gen, everything):
    from spamgate import ucd

    runs: dict[str, list[tuple[int, int]]] = {}
    previous = None
    for cp in range(0x110000):
        value = ucd.category(chr(cp))
        if value != previous:
            runs.setdefault(value, []).append((cp, cp))
            previous = value
        runs[value][-1] = (runs[value][-1][0], cp + 1)
    for value, expected in sorted(runs.items()):
        assert gen.regex_ranges(r"\p{gc=%s}" % value, everything) == expected, value


def test_script_extensions_are_one_version_in_tables_and_regex(gen, everything):
    from spamgate.ucd import _load

    t = _load()
    sets = [t.SCRIPT_SETS[v] for v in t.SCX_VALUES]
    starts = list(t.SCX_STARTS) + [0x110000]
    for code in sorted(t.SCRIPT_NAMES):
        expected = []
        for i, codes in enumerate(sets):
            if code in codes.split():
                if expected and expected[-1][1] == starts[i]:
                    expected[-1] = (expected[-1][0], starts[i + 1])
                else:
                    expected.append((starts[i], starts[i + 1]))
        assert gen.regex_ranges(r"\p{scx=%s}" % code, everything) == expected, code


def test_scripts_of_regex_are_those_of_scripts_txt(gen, everything):
    # The rules' patterns name scripts (\p{Han}, \p{Thai}): regex must read Scripts.txt of this version.
    from spamgate.ucd import _load

    by_script: dict[str, list[tuple[int, int]]] = {}
    aliases = {name.replace(" ", "_"): code for code, name in _load().SCRIPT_NAMES.items()}
    for first, last, name in sorted(gen.ranges(UNICODE / "Scripts.txt")):
        runs = by_script.setdefault(aliases[name], [])
        if runs and runs[-1][1] == first:
            runs[-1] = (runs[-1][0], last + 1)
        else:
            runs.append((first, last + 1))
    for code, expected in sorted(by_script.items()):
        assert gen.regex_ranges(r"\p{sc=%s}" % code, everything) == expected, code


def test_default_ignorable_is_one_version_in_tables_and_regex(gen, everything):
    from spamgate import ucd

    expected = _runs(lambda cp: ucd.is_default_ignorable(chr(cp)))
    assert gen.regex_ranges(r"\p{Default_Ignorable_Code_Point}", everything) == expected
    # IdentifierType.txt types every assigned one Default_Ignorable, or Deprecated when it is a format character.
    for first, end in expected:
        for cp in range(first, end):
            ch = chr(cp)
            if ucd.category(ch) != "Cn":
                types = ucd.identifier_types(ch)
                assert "Default_Ignorable" in types or ("Deprecated" in types and ucd.category(ch) == "Cf"), hex(cp)


def test_regex_classes_of_the_rules_know_only_assigned_characters(gen, everything):
    from spamgate import ucd

    assigned = _runs(lambda cp: ucd.category(chr(cp)) != "Cn")
    # \w, and the properties ucd takes from regex, hold no code point unassigned in this version.
    for pattern in (r"\w", r"\p{Changes_When_Lowercased}", r"\p{Lowercase}", r"\p{Variation_Selector}"):
        for first, end in gen.regex_ranges(pattern, everything):
            assert any(a <= first and end <= b for a, b in assigned), (pattern, hex(first))
    word = {cp for a, b in gen.regex_ranges(r"\w", everything) for cp in range(a, b)}
    for cp in range(0x110000):
        if ucd.category(chr(cp)) in ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Pc"):
            assert cp in word, hex(cp)
    for first, end in gen.regex_ranges(r"\p{Variation_Selector}", everything):
        assert all(ucd.is_default_ignorable(chr(cp)) for cp in range(first, end))


def test_spamgate_never_uses_the_interpreters_unicodedata():
    # Python's unicodedata follows the interpreter (Unicode 14.0 in Python 3.11), not the tables.
    offenders = []
    for folder in ("spamgate", "rules", "hooks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) else [])
                if "unicodedata" in names:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_tables_answer_known_questions():
    from spamgate import ucd

    assert ucd.script_extensions("д") == frozenset({"Cyrl"})
    assert ucd.script_name("Cyrl") == "Cyrillic"
    assert ucd.resolved_scripts("іntroduсtion") == frozenset()
    assert ucd.resolved_scripts("introduction") == frozenset({"Latn"})
    assert "Jpan" in ucd.resolved_scripts("ひらがな漢字")
    assert ucd.is_allowed("a") and ucd.is_allowed("ı") and not ucd.is_allowed("ɑ")
    assert "Technical" in ucd.identifier_types("ɑ")
    assert ucd.is_default_ignorable("\u200b") and not ucd.is_default_ignorable("a")
    # Deprecated format characters and code points reserved as default-ignorable.
    assert ucd.is_default_ignorable("\u206a") and ucd.is_default_ignorable("\U000e0001")
    assert ucd.is_default_ignorable("\u2065") and ucd.is_default_ignorable("\U000e0fff")
    assert not ucd.is_default_ignorable("\ufff9") and not ucd.is_default_ignorable("\u0600")
    assert ucd.confusable_prototype("а") == "a"
    assert ucd._load().FULLWIDTH_LETTERS == {cp: chr(cp - 0xFEE0) for cp in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
    assert ucd.char_name("г") == "U+0433 CYRILLIC SMALL LETTER GHE"


def test_tables_load_fast():
    code = ("import time; t=time.perf_counter(); import spamgate.ucd as u; u._load(); "
            "print(time.perf_counter()-t)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) < 0.2


# Character classes the look-alike rules take from the data, as a user sees them.
CLASSES = {
    # <wide> decomposition: a fullwidth letter confusables.txt leaves out (Ｄ) reads as D.
    "fullwidth.md": ("The Ｄata is here.\n", [("SG102", "Ｄata", "Data")]),
    # General category Nl: a Roman numeral inside a word.
    "numeral.md": ("Visit ⅬONDON soon.\n", [("SG102", "ⅬONDON", "LONDON")]),
    # A letterlike symbol canonically equal to a letter (K KELVIN SIGN) is a symbol on its own...
    "kelvin.md": ("Cool it to 300 \u212a first.\n", []),
    # ... and a look-alike inside a word.
    "kelvin-word.md": ("A \u212aey point.\n", [("SG102", "\u212aey", "Key")]),
    # <font> decomposition: styled digits stand alone like 𝟎, and are look-alikes in words.
    "segmented.md": ("Score \U0001fbf0 to \U0001fbf1.\n", []),
    "segmented-word.md": ("G\U0001fbf0\U0001fbf0gle it.\n", [("SG102", "G\U0001fbf0\U0001fbf0gle", "GOOgle")]),
    # Default-ignorable characters that are not format characters show as code points.
    "khmer-inherent.md": ("A w\u17b4rd here.\n", [("SG105", "w\u17b4rd", "wrd")]),
}


def test_character_classes_come_from_the_data(tmp_path, monkeypatch, capsys):
    from spamgate.hooks.cli import main

    for name, (text, _) in CLASSES.items():
        write(tmp_path / name, text)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "json", "--select", "SG1", *sorted(CLASSES)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    by_name = {entry["path"]: entry["findings"] for entry in data["files"]}
    for name, (_, expected) in CLASSES.items():
        findings = by_name.get(name, [])
        assert [(f["code"], f["text"], f["suggestion"]) for f in findings] == expected, name
    assert "<U+17B4>" in by_name["khmer-inherent.md"][0]["message"]


def test_the_invisible_characters_of_sg105_are_the_default_ignorables_less_bidi_controls():
    from spamgate import ucd
    from spamgate.rules.invisible import _BIDI_CHARS, _invisible_re

    match = _invisible_re().fullmatch
    odd = [cp for cp in range(0x110000)
           if (match(chr(cp)) is not None) != (ucd.is_default_ignorable(chr(cp)) and chr(cp) not in _BIDI_CHARS)]
    assert odd == []
