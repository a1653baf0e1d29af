"""The generated Unicode tables: reproducible from the data files, and correct where it matters."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from support import ROOT, SHARED

UNICODE = SHARED / "unicode"


def test_generator_reproduces_the_committed_tables(tmp_path):
    # Run a copy of the generator in a scratch tree so the package is never touched.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "generate_unicode_tables.py", tmp_path / "scripts")
    proc = subprocess.run([sys.executable, str(tmp_path / "scripts" / "generate_unicode_tables.py"), str(UNICODE)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "spamgate" / "ucd"
    assert (out / "tables.py").read_bytes() == (ROOT / "spamgate" / "ucd" / "tables.py").read_bytes()
    assert (out / "LICENSE-UNICODE.txt").read_bytes() == (ROOT / "spamgate" / "ucd" / "LICENSE-UNICODE.txt").read_bytes()


def test_generator_reports_missing_input(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_unicode_tables.py"), str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_tables_answer_known_questions():
    from spamgate import ucd

    assert ucd.unicode_version() == "17.0.0"
    assert ucd.script_extensions("д") == frozenset({"Cyrl"})
    assert ucd.script_name("Cyrl") == "Cyrillic"
    assert ucd.resolved_scripts("іntroduсtion") == frozenset()
    assert ucd.resolved_scripts("introduction") == frozenset({"Latn"})
    assert "Jpan" in ucd.resolved_scripts("ひらがな漢字")
    assert ucd.is_allowed("a") and ucd.is_allowed("ı") and not ucd.is_allowed("ɑ")
    assert "Technical" in ucd.identifier_types("ɑ")
    assert ucd.is_default_ignorable("\u200b") and not ucd.is_default_ignorable("a")
    assert ucd.confusable_prototype("а") == "a"
    assert ucd.char_name("г") == "U+0433 CYRILLIC SMALL LETTER GHE"


def test_tables_load_fast():
    code = ("import time; t=time.perf_counter(); import spamgate.ucd as u; u._load(); "
            "print(time.perf_counter()-t)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) < 0.2
