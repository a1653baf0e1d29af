"""spamgate commit-msg FILE: check a commit message (pre-commit's commit-msg stage)."""
from __future__ import annotations

import sys

from spamgate.hooks.options import Command, Option, Positional
from spamgate.model import PROFILES

SCISSORS = "# ------------------------ >8 ------------------------"


def message_text(raw: str, comment_char: str = "#") -> str:
    """The message git will record: comment lines and everything below the scissors removed."""
    from spamgate.model import split_lines

    lines = []
    # Lines end as git ends them (LF, CRLF or CR), not at every Unicode line separator.
    for line in split_lines(raw, keepends=True):
        if line.rstrip("\r\n") == SCISSORS:
            break
        if line.startswith(comment_char):
            lines.append("\n")  # keep line numbers
            continue
        lines.append(line)
    return "".join(lines)


COMMAND = Command("spamgate commit-msg", __doc__,
                  Positional("file", None, "FILE", "the commit message file, e.g. .git/COMMIT_EDITMSG"), (
                      Option(("--format",), "format", "text",
                             "text (with the source line of each finding), concise (one line a finding) or json",
                             ("text", "concise", "json"), "text"),
                      Option(("--profile",), "profile", "text",
                             "default: the project configuration's profile, else commit", PROFILES),
                      Option(("--config",), "config", "text",
                             "configuration file (default: nearest to the current directory)", metavar="FILE"),
                  ))


def main(argv: list[str] | None = None) -> int:
    args = COMMAND.parse(sys.argv[1:] if argv is None else list(argv))
    import os

    from spamgate.config import ConfigError, Resolver
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
    try:
        # The message belongs to the repository being committed to: its configuration applies.
        settings = Resolver(args.config).for_path(os.path.join(os.getcwd(), "_"))
    except ConfigError as exc:
        sys.stderr.write(f"spamgate commit-msg: {exc}\n")
        return 2
    profile = args.profile or settings.profile
    decoded = decode(data, args.file)
    if isinstance(decoded, Skipped):
        result = skipped_result(decoded)
    else:
        doc = Document(path=args.file, text=message_text(decoded[0]), kind="commit-message", encoding=decoded[1])
        result = scan_document(doc, profile=profile, **settings.scan_options(args.file))
    get(args.format).report([result], sys.stdout, ReportContext(profile=profile, snippets=args.format == "text"))
    if result.errors:
        return 2
    return 1 if result.failed else 0
