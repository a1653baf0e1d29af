#!/usr/bin/env python3
"""Turn the Unicode data files into the compact tables spamgate ships.

Usage: python scripts/generate_unicode_tables.py [UNICODE_DIR]

UNICODE_DIR defaults to ../shared/unicode next to the repository.  The script
writes spamgate/ucd/tables.py and copies the Unicode license beside it as
spamgate/ucd/LICENSE-UNICODE.txt.  The output depends only on the input files
and the Unicode version of the installed unicodedata2 and regex, which must be
the version of the files (the script refuses to run otherwise), so rerunning it
reproduces the committed tables byte for byte.

Every range comes from data: scripts, identifier status and type, confusables
from the files; Default_Ignorable_Code_Point from IdentifierType.txt and the
general categories of unicodedata2 (UAX #44 derives the property from
Other_Default_Ignorable_Code_Point and the format characters), the code points
reserved as default-ignorable from regex's property of that name; fullwidth
letters from unicodedata2's <wide> decompositions.
"""
from __future__ import annotations

import base64
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "spamgate" / "ucd"
MAX_CP = 0x110000
SEP = "\x1f"  # joins strings in the generated literals; no prototype contains it

LINE = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([^#]*?)\s*(?:#.*)?$")


def ranges(path: Path):
    """Yield (first, last, value) from a UCD-style semicolon file."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = LINE.match(raw.strip())
        if not m:
            continue
        first = int(m.group(1), 16)
        last = int(m.group(2), 16) if m.group(2) else first
        yield first, last, m.group(3).strip()


def header_version(path: Path) -> str:
    text = path.read_text(encoding="utf-8")[:2000]
    m = re.search(r"Version: (\d+\.\d+\.\d+)", text) or re.search(r"-(\d+\.\d+\.\d+)\.txt", text)
    if not m:
        raise SystemExit(f"{path}: no version in header")
    return m.group(1)


def compress(values: list) -> tuple[list[int], list]:
    """Run-length encode a per-code-point list into (starts, values)."""
    starts, out = [], []
    prev = object()
    for cp, v in enumerate(values):
        if v != prev:
            starts.append(cp)
            out.append(v)
            prev = v
    return starts, out



def all_code_points() -> str:
    """Every code point, surrogates included, as one string (index = code point)."""
    return "".join(map(chr, range(MAX_CP)))


def regex_ranges(pattern: str, text: str | None = None) -> list[tuple[int, int]]:
    """(first, end) of the runs of code points the regex character class ``pattern`` matches."""
    import regex

    rx = regex.compile(pattern + "+")
    return [m.span() for m in rx.finditer(all_code_points() if text is None else text)]


def libraries_error(version: str) -> str | None:
    """Why unicodedata2 and regex cannot serve Unicode ``version``, or None when they can.

    unicodedata2 names its version; regex does not, so its unassigned code points
    are compared with unicodedata2's.
    """
    try:
        import regex
        import unicodedata2
    except ImportError as e:
        return f"{e.name} is not installed: install spamgate's dependencies first"
    if unicodedata2.unidata_version != version:
        return (f"unicodedata2 holds Unicode {unicodedata2.unidata_version} but the data files "
                f"are {version}: install unicodedata2 {version.rsplit('.', 1)[0]}.x")
    category = unicodedata2.category
    unassigned = [cp for cp in range(MAX_CP) if category(chr(cp)) == "Cn"]
    if [cp for a, b in regex_ranges(r"\p{Cn}") for cp in range(a, b)] != unassigned:
        return (f"regex {regex.__version__} does not hold Unicode {version} "
                "(its unassigned code points differ from unicodedata2's)")
    return None


def default_ignorable(id_type: list[str]) -> list[bool] | str:
    """Default_Ignorable_Code_Point for every code point, or why it cannot be derived.

    Assigned characters: IdentifierType.txt types them Default_Ignorable, except
    deprecated ones, which UAX #44 makes default-ignorable as format characters
    (general category Cf).  Unassigned code points reserved as default-ignorable
    appear in no input file: they come from regex's property, after checking
    that its assigned default-ignorables are exactly the derived ones.
    """
    import unicodedata2

    category = unicodedata2.category
    values = [False] * MAX_CP
    for cp, value in enumerate(id_type):
        types = value.split()
        if "Default_Ignorable" in types or ("Deprecated" in types and category(chr(cp)) == "Cf"):
            values[cp] = True
    derived = [cp for cp, v in enumerate(values) if v]
    assigned = []
    for first, end in regex_ranges(r"\p{Default_Ignorable_Code_Point}"):
        for cp in range(first, end):
            if category(chr(cp)) == "Cn":
                values[cp] = True
            else:
                assigned.append(cp)
    if assigned != derived:
        odd = sorted(set(assigned) ^ set(derived))
        return ("Default_Ignorable_Code_Point derived from IdentifierType.txt differs from regex's at "
                + ", ".join(f"U+{cp:04X}" for cp in odd[:8]))
    return values


def fullwidth_letters() -> dict[int, str]:
    """Code point -> ASCII letter, for each character whose decomposition is <wide> and that letter."""
    import unicodedata2

    out = {}
    for cp in range(0x80, MAX_CP):
        fields = unicodedata2.decomposition(chr(cp)).split()
        if len(fields) == 2 and fields[0] == "<wide>":
            letter = chr(int(fields[1], 16))
            if letter.isascii() and letter.isalpha():
                out[cp] = letter
    return out


def ascii_colon_forms() -> str:
    """The characters outside ASCII whose NFKC form is ASCII text holding a colon (\uff1a, \u2a74)."""
    import unicodedata2

    out = []
    for cp in range(0x80, MAX_CP):
        folded = unicodedata2.normalize("NFKC", chr(cp))
        if ":" in folded and folded.isascii():
            out.append(chr(cp))
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    src = Path(argv[0]) if argv else ROOT.parent / "shared" / "unicode"
    files = ["confusables.txt", "intentional.txt", "IdentifierStatus.txt",
             "IdentifierType.txt", "Scripts.txt", "ScriptExtensions.txt",
             "PropertyValueAliases.txt", "LICENSE.txt"]
    for name in files:
        if not (src / name).is_file():
            print(f"error: {src / name} not found", file=sys.stderr)
            return 2
    versions = {header_version(src / n) for n in files[:-2]}
    if len(versions) != 1:
        print(f"error: mixed Unicode versions {sorted(versions)}", file=sys.stderr)
        return 2
    version = versions.pop()
    problem = libraries_error(version)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2

    long_to_short = {}
    short_to_long = {}
    for raw in (src / "PropertyValueAliases.txt").read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in raw.split("#")[0].split(";")]
        if len(parts) >= 3 and parts[0] == "sc":
            for alias in parts[1:]:
                long_to_short[alias] = parts[1]
            short_to_long[parts[1]] = parts[2].replace("_", " ")

    script = ["Zzzz"] * MAX_CP
    for first, last, value in ranges(src / "Scripts.txt"):
        short = long_to_short[value]
        for cp in range(first, last + 1):
            script[cp] = short
    scx = list(script)
    for first, last, value in ranges(src / "ScriptExtensions.txt"):
        codes = " ".join(sorted(long_to_short.get(v, v) for v in value.split()))
        for cp in range(first, last + 1):
            scx[cp] = codes
    set_names = sorted(set(scx))
    set_index = {name: i for i, name in enumerate(set_names)}
    scx_starts, scx_values = compress([set_index[v] for v in scx])

    allowed = [False] * MAX_CP
    for first, last, value in ranges(src / "IdentifierStatus.txt"):
        if value == "Allowed":
            for cp in range(first, last + 1):
                allowed[cp] = True
    allowed_starts, allowed_values = compress(allowed)
    assert allowed_values[0] is False

    id_type = ["Not_Character"] * MAX_CP
    for first, last, value in ranges(src / "IdentifierType.txt"):
        for cp in range(first, last + 1):
            id_type[cp] = value
    type_names = sorted(set(id_type))
    type_index = {name: i for i, name in enumerate(type_names)}
    type_starts, type_values = compress([type_index[v] for v in id_type])

    confusables = {}
    for raw in (src / "confusables.txt").read_text(encoding="utf-8-sig").splitlines():
        fields = [f.strip() for f in raw.split("#")[0].split(";")]
        if len(fields) < 3 or not fields[0]:
            continue
        source = "".join(chr(int(h, 16)) for h in fields[0].split())
        target = "".join(chr(int(h, 16)) for h in fields[1].split())
        if len(source) == 1:
            confusables[ord(source)] = target

    intentional = {}
    for raw in (src / "intentional.txt").read_text(encoding="utf-8-sig").splitlines():
        fields = [f.strip() for f in raw.split("#")[0].split(";")]
        if len(fields) < 2 or not fields[0]:
            continue
        a, b = int(fields[0], 16), int(fields[1], 16)
        intentional.setdefault(a, set()).add(b)
        intentional.setdefault(b, set()).add(a)

    ignorable = default_ignorable(id_type)
    if isinstance(ignorable, str):
        print(f"error: {ignorable}", file=sys.stderr)
        return 2
    ignorable_starts, ignorable_values = compress(ignorable)
    assert ignorable_values[0] is False
    wide = fullwidth_letters()
    colons = ascii_colon_forms()

    def packed(seq) -> str:
        """A sequence of 32-bit unsigned ints as base64 of little-endian bytes, in lines."""
        data = base64.b64encode(b"".join(int(x).to_bytes(4, "little") for x in seq)).decode("ascii")
        return "\n".join(f"    {data[i:i + 96]!a}" for i in range(0, len(data), 96))

    def text(seq) -> str:
        """Strings joined by U+001F, as one literal spread over lines."""
        joined = SEP.join(seq)
        return "\n".join(f"    {joined[i:i + 60]!a}" for i in range(0, len(joined), 60))

    def names(seq, per_line=6) -> str:
        items = [ascii(x) for x in seq]
        return "\n".join("    " + ", ".join(items[i:i + per_line]) + ","
                         for i in range(0, len(items), per_line))

    script_names = "\n".join(f"    {k!a}: {v!a}," for k, v in sorted(short_to_long.items()))
    conf_keys = sorted(confusables)
    int_keys = sorted(intentional)
    out = f'''\
# Generated by scripts/generate_unicode_tables.py from the Unicode {version} data
# files (confusables.txt, intentional.txt, IdentifierStatus.txt, IdentifierType.txt,
# Scripts.txt, ScriptExtensions.txt, PropertyValueAliases.txt) and the Unicode
# {version} properties of unicodedata2 and regex. Do not edit.
# Copyright (c) Unicode, Inc.; Unicode License v3, see LICENSE-UNICODE.txt beside this file.
#
# Integer tables are packed (base64 of little-endian 32-bit values) so that this
# module compiles and loads in about a millisecond.  Range tables: the value of
# code point cp is VALUES[bisect_right(STARTS, cp) - 1].
from array import array as _array
from binascii import a2b_base64 as _b64
from sys import byteorder as _byteorder


def _ints(data: str) -> _array:
    values = _array("I")
    assert values.itemsize == 4
    values.frombytes(_b64(data))
    if _byteorder == "big":
        values.byteswap()
    return values


UNICODE_VERSION = {version!r}

SCRIPT_SETS = (
{names(set_names)}
)
# Short script code -> long name (PropertyValueAliases.txt, underscores as spaces).
SCRIPT_NAMES = {{
{script_names}
}}
SCX_STARTS = _ints(
{packed(scx_starts)}
)
SCX_VALUES = _ints(
{packed(scx_values)}
)

ALLOWED_STARTS = _ints(
{packed(allowed_starts)}
)
ALLOWED_FIRST = {allowed_values[0]!r}

ID_TYPE_NAMES = (
{names(type_names, 3)}
)
ID_TYPE_STARTS = _ints(
{packed(type_starts)}
)
ID_TYPE_VALUES = _ints(
{packed(type_values)}
)

# Default_Ignorable_Code_Point: cp is default-ignorable when bisect_right(STARTS, cp) is even.
IGNORABLE_STARTS = _ints(
{packed(ignorable_starts)}
)

# Fullwidth forms of the ASCII letters (decomposition <wide>): code point -> letter.
FULLWIDTH_LETTERS = dict(zip(_ints(
{packed(sorted(wide))}
), {"".join(wide[k] for k in sorted(wide))!a}))

# The characters outside ASCII whose NFKC form is ASCII text holding a colon.
ASCII_COLON_FORMS = {colons!a}

# confusables.txt, single code point sources only: code point -> prototype string.
CONFUSABLES = dict(zip(_ints(
{packed(conf_keys)}
), (
{text(confusables[k] for k in conf_keys)}
).split({SEP!r})))

# intentional.txt, both directions: code point -> code points it is identical to.
INTENTIONAL = dict(zip(_ints(
{packed(int_keys)}
), (tuple(map(ord, twins)) for twins in (
{text("".join(chr(c) for c in sorted(intentional[k])) for k in int_keys)}
).split({SEP!r}))))
'''
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "tables.py").write_text(out, encoding="utf-8")
    shutil.copyfile(src / "LICENSE.txt", OUT_DIR / "LICENSE-UNICODE.txt")
    print(f"wrote {OUT_DIR / 'tables.py'} (Unicode {version}: {len(scx_starts)} script ranges, "
          f"{len(confusables)} confusables)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
