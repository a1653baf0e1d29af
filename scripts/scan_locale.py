#!/usr/bin/env python3
"""Run the look-alike rules over real translations: the msgstr texts of .mo files.

Usage: python scripts/scan_locale.py [--limit N] [--sample N] [--json] [DIR ...]

DIR defaults to /usr/share/locale.  Each .mo file (GNU gettext binary catalog)
is parsed here with ``struct``; its translations, joined by blank lines, are
judged as one document by the rules SG101-SG106, as the engine runs them (on
the text a reader sees: character references decoded).  Prints the number of files
and characters scanned, the findings per code and a sample of findings.
Legitimate translations should only be reported where a word truly mixes
scripts.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import struct
import sys
import time


CODES = ("SG101", "SG102", "SG103", "SG104", "SG105", "SG106")


def mo_messages(data: bytes) -> list[str]:
    """The translated strings (msgstr, plural forms split) of a .mo catalog."""
    if len(data) < 28:
        raise ValueError("too short for a .mo file")
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0x950412DE:
        order = "<"
    elif magic == 0xDE120495:
        order = ">"
    else:
        raise ValueError("not a .mo file (bad magic number)")
    _, count, orig_at, trans_at = struct.unpack(order + "4I", data[4:20])
    charset = "utf-8"
    out = []
    for i in range(count):
        olen, ooff = struct.unpack(order + "2I", data[orig_at + 8 * i:orig_at + 8 * i + 8])
        tlen, toff = struct.unpack(order + "2I", data[trans_at + 8 * i:trans_at + 8 * i + 8])
        if toff + tlen > len(data) or ooff + olen > len(data):
            raise ValueError("truncated .mo file")
        raw = data[toff:toff + tlen]
        if olen == 0:  # the header entry: find the charset
            header = raw.decode("ascii", "replace")
            for line in header.splitlines():
                if line.lower().startswith("content-type:") and "charset=" in line:
                    charset = line.split("charset=", 1)[1].strip() or "utf-8"
            continue
        try:
            text = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = raw.decode("utf-8", "replace")
        out.extend(part for part in text.split("\0") if part)
    return out


def iter_mo(dirs: list[str]):
    for top in dirs:
        for root, subdirs, files in os.walk(top):
            subdirs.sort()
            for name in sorted(files):
                if name.endswith(".mo"):
                    yield os.path.join(root, name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dirs", nargs="*", default=["/usr/share/locale"])
    p.add_argument("--limit", type=int, default=0, help="scan at most N files")
    p.add_argument("--sample", type=int, default=10, help="how many findings to show (default 10)")
    p.add_argument("--json", action="store_true", help="print every finding as JSON lines")
    args = p.parse_args(argv)

    from spamgate.engine import run_rules
    from spamgate.model import Document

    files = chars = bad = 0
    per_code: dict[str, int] = {}
    found = []
    t0 = time.perf_counter()
    for path in iter_mo(args.dirs):
        if args.limit and files >= args.limit:
            break
        try:
            with open(path, "rb") as fh:
                messages = mo_messages(fh.read())
        except (OSError, ValueError, struct.error) as exc:
            bad += 1
            print(f"{path}: skipped: {exc}", file=sys.stderr)
            continue
        files += 1
        text = "\n\n".join(messages)
        chars += len(text)
        doc = Document(path=path, text=text)
        for f in run_rules(doc, select=CODES)[0]:  # through the engine: the text as a reader sees it
            per_code[f.code] = per_code.get(f.code, 0) + 1
            found.append((path, f))
    elapsed = time.perf_counter() - t0
    total = sum(per_code.values())
    if args.json:
        for path, f in found:
            print(json.dumps({"path": path, **f.to_json()}, ensure_ascii=False))
        return 0
    print(f"scanned {files} .mo files ({bad} unreadable), {chars:,} characters of msgstr text "
          f"in {elapsed:.1f} s")
    print(f"findings: {total}" + "".join(f"  {c}={n}" for c, n in sorted(per_code.items())))
    rng = random.Random(17)
    for path, f in sorted(rng.sample(found, min(args.sample, len(found))), key=lambda x: x[0]):
        lang = path.split(os.sep)[-3] if path.count(os.sep) >= 3 else ""
        print(f"  {lang:8} {os.path.basename(path):28} {f.code} {f.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
