"""Record what spamgate finds in a set of files, and compare two records.

    python scripts/snapshot.py [PATH ...] -o before.json
    python scripts/snapshot.py [PATH ...] --compare before.json

Every text file under the PATHs (default: examples/, the shared corpus beside
the repository, and the generated benchmark corpora when present) is scanned
in-process under both profiles; the record holds each file's verdict, score,
reasons and findings (code, span, message, suggestion).  ``--compare`` scans
again and prints every file whose record differs; the exit status is 1 when
one does.  A change of the rules' behaviour shows up here file by file, which
is how a restructuring or a speed-up proves it changed nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [ROOT / "examples", ROOT.parent / "shared" / "corpus", ROOT / "benchmarks" / "out" / "corpora"]
PROFILES = ("commit", "push")


def _files(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                out.extend(Path(root) / name for name in sorted(files))
        elif path.is_file():
            out.append(path)
    return out


def _finding(f) -> list:
    return [f.code, f.severity, f.location, f.line, f.column, f.end_line, f.end_column, f.message, f.suggestion]


def record(paths: list[Path]) -> dict:
    from spamgate.engine import scan_document
    from spamgate.reader import read_path

    out: dict[str, dict] = {}
    for file in _files(paths):
        document = read_path(str(file))
        key = os.path.relpath(file, ROOT)
        if hasattr(document, "reason"):
            out[key] = {"skipped": document.reason}
            continue
        entry = {}
        for profile in PROFILES:
            result = scan_document(document, profile=profile)
            entry[profile] = {
                "verdict": result.verdict.verdict, "score": result.verdict.score,
                "failed": result.failed, "reasons": list(result.verdict.reasons),
                "findings": [_finding(f) for f in result.findings],
                "errors": [e.error for e in result.errors],
            }
        out[key] = entry
    return out


def compare(old: dict, new: dict, stream) -> int:
    differing = 0
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        differing += 1
        stream.write(f"{key}:\n")
        if a is None or b is None:
            stream.write(f"  only in the {'new' if a is None else 'old'} record\n")
            continue
        for profile in sorted(set(a) | set(b)):
            x, y = a.get(profile), b.get(profile)
            if x == y:
                continue
            if not isinstance(x, dict) or not isinstance(y, dict):
                stream.write(f"  {profile}: {x!r} -> {y!r}\n")
                continue
            for field in ("verdict", "score", "failed", "reasons", "errors"):
                if x.get(field) != y.get(field):
                    stream.write(f"  {profile} {field}: {x.get(field)!r} -> {y.get(field)!r}\n")
            old_f = {json.dumps(f, ensure_ascii=False) for f in x.get("findings", [])}
            new_f = {json.dumps(f, ensure_ascii=False) for f in y.get("findings", [])}
            for f in sorted(old_f - new_f):
                stream.write(f"  {profile} - {f}\n")
            for f in sorted(new_f - old_f):
                stream.write(f"  {profile} + {f}\n")
    stream.write(f"{len(new)} files scanned, {differing} differ.\n")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or directories (default: see above)")
    parser.add_argument("-o", "--output", type=Path, help="write the record to this file")
    parser.add_argument("--compare", type=Path, metavar="RECORD", help="compare with a record written before")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    current = record(args.paths or DEFAULT_PATHS)
    if args.output:
        args.output.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                               encoding="utf-8")
    if args.compare:
        return compare(json.loads(args.compare.read_text(encoding="utf-8")), current, sys.stdout)
    if not args.output:
        json.dump(current, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
