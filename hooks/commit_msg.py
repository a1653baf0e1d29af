"""``spamgate commit-msg FILE``: check a commit message (pre-commit's commit-msg stage)."""
from __future__ import annotations

import argparse
import sys

SCISSORS = "# ------------------------ >8 ------------------------"


def message_text(raw: str, comment_char: str = "#") -> str:
    """The message git will record: comment lines and everything below the scissors removed."""
    lines = []
    for line in raw.splitlines(keepends=True):
        if line.rstrip("\r\n") == SCISSORS:
            break
        if line.startswith(comment_char):
            lines.append("\n")  # keep line numbers
            continue
        lines.append(line)
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="spamgate commit-msg", description=__doc__)
    p.add_argument("file", metavar="FILE", help="the commit message file, e.g. .git/COMMIT_EDITMSG")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--profile", choices=("commit", "push"), default="commit")
    args = p.parse_args(argv)
    from spamgate.engine import scan_document, skipped_result
    from spamgate.model import Document
    from spamgate.reader import decode, Skipped
    from spamgate.reporters import ReportContext, get

    try:
        with open(args.file, "rb") as f:
            data = f.read(1024 * 1024)
    except OSError as exc:
        sys.stderr.write(f"spamgate commit-msg: cannot read {args.file}: {exc.strerror or exc}\n")
        return 2
    decoded = decode(data, args.file)
    if isinstance(decoded, Skipped):
        result = skipped_result(decoded)
    else:
        doc = Document(path=args.file, text=message_text(decoded[0]), kind="commit-message", encoding=decoded[1])
        result = scan_document(doc, profile=args.profile)
    get(args.format).report([result], sys.stdout, ReportContext(profile=args.profile))
    if result.errors:
        return 2
    return 1 if result.failed else 0
