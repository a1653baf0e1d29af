"""``spamgate audit ROOT``: find spam already stored in the repositories of a host;
``spamgate audit --queue``: judge what pushes could not judge in time."""
from __future__ import annotations

import argparse
import sys

FORMATS = ("text", "jsonl", "csv")
CSV_FIELDS = ("repository", "owner", "wiki", "location", "file", "kind", "ref", "commit", "verdict", "score",
              "reasons", "error")


def _shard(value: str) -> tuple[int, int]:
    try:
        index, count = (int(x) for x in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not I/N (e.g. 1/4)") from None
    if count < 1 or not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{value!r}: need 1 <= I <= N")
    return index, count


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("need at least 1 job")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="spamgate audit",
        description="Scan repositories on disk (a Gitea/Forgejo repository root laid out as "
                    "<ROOT>/<owner>/<repo>.git and .wiki.git, or one bare repository) for spam that arrived "
                    "before the hook or by a path that runs no hook (migration, mirror, fork). "
                    "With --queue, judge instead what pushes queued because they could not judge it in time "
                    "(run it from cron or a systemd timer). "
                    "Exit status: 0 nothing found, 1 spam found, 2 errors, 130 interrupted.",
    )
    p.add_argument("root", metavar="ROOT", nargs="?", help="the repository root, or one repository")
    p.add_argument("--queue", action="store_true",
                   help="judge the queue of unjudged objects under the configuration's state_dir, log what is "
                        "found to its log_file, and empty the queue")
    p.add_argument("--history", action="store_true",
                   help="scan every commit's added files and messages, not only the files at each branch head")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="parallel worker processes (default: number of CPUs)")
    p.add_argument("--shard", type=_shard, default=None, metavar="I/N",
                   help="audit only shard I of N (1-based), to spread an audit over machines")
    p.add_argument("--config", metavar="FILE", help="server configuration for thresholds and size limit "
                                                    "(default: $SPAMGATE_CONFIG, else built-in defaults)")
    p.add_argument("--include-suspicious", action="store_true", help="also report suspicious files")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    return p


class Progress:
    """A one-line progress bar on standard error, only on a terminal."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.done = 0
        self.spam = 0
        self.enabled = enabled and total > 0

    def step(self, spam: bool) -> None:
        self.done += 1
        self.spam += int(spam)
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} repositories, "
                         f"{self.spam} with spam")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _rows(audits):
    for a in audits:
        base = {"repository": a.repository, "owner": a.owner, "wiki": a.wiki, "location": a.location}
        if a.error:
            yield {**base, "file": None, "kind": None, "ref": None, "commit": None, "verdict": None,
                   "score": None, "reasons": [], "error": a.error}
        for f in a.flagged:
            yield {**base, "file": f.path, "kind": f.kind, "ref": f.ref, "commit": f.commit, "verdict": f.verdict,
                   "score": f.score, "reasons": f.reasons, "error": None}


def write_text(audits, out, total: int) -> None:
    from spamgate.server.safe import safe

    for a in audits:
        if a.error:
            out.write(f"{a.location}: error: {safe(a.error, 300)}\n")
        if not a.flagged:
            continue
        kind = "wiki of " if a.wiki else ""
        n = len(a.flagged)
        out.write(f"{a.location}: {a.verdict} ({kind}{safe(a.repository)}, owner {safe(a.owner)}; "
                  f"{n} file{'s' if n != 1 else ''})\n")
        for f in a.flagged:
            at = f" at {f.ref}" if f.ref else f" in commit {f.commit[:12]}"
            out.write(f"  {safe(f.path, 160)}{at}: {f.verdict}, score {f.score:g}: "
                      f"{'; '.join(safe(r, 80) for r in f.reasons[:3])}\n")
    spam = [a for a in audits if a.verdict == "spam"]
    wikis = sum(1 for a in spam if a.wiki)
    errors = sum(1 for a in audits if a.error)
    out.write(f"Audited {total} repositor{'ies' if total != 1 else 'y'}: {len(spam)} with spam "
              f"({wikis} wiki{'s' if wikis != 1 else ''}), {errors} error{'s' if errors != 1 else ''}.\n")


def _write(audits, out, fmt: str, total: int) -> None:
    if fmt == "text":
        write_text(audits, out, total)
    elif fmt == "jsonl":
        import json

        for row in _rows(audits):
            out.write(json.dumps(row, ensure_ascii=True) + "\n")
    else:
        import csv

        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in _rows(audits):
            writer.writerow({**row, "reasons": "; ".join(row["reasons"]), "wiki": "true" if row["wiki"] else "false"})


def _status(audits) -> int:
    if any(a.error for a in audits):
        return 2
    return 1 if any(a.verdict == "spam" for a in audits) else 0


def _drain(config, args) -> int:
    from spamgate.server.audit import drain_queue

    audits = []
    try:
        for _name, audit in drain_queue(config, args.include_suspicious):
            audits.append(audit)
    except KeyboardInterrupt:
        _write(audits, sys.stdout, args.format, len(audits))
        sys.stderr.write(f"spamgate audit: interrupted after {len(audits)} queued records; "
                         "the rest stay queued\n")
        return 130
    except OSError as exc:
        sys.stderr.write(f"spamgate audit: cannot read the queue under {config.state_path()}: "
                         f"{exc.strerror or exc}\n")
        return 2
    _write(audits, sys.stdout, args.format, len(audits))
    if args.format == "text":
        sys.stdout.write(f"Queue {config.state_path()}: {len(audits)} record{'s' if len(audits) != 1 else ''} "
                         f"judged.\n")
    return _status(audits)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pathlib import Path

    from spamgate.server.audit import Runner, default_jobs, describe, in_shard
    from spamgate.server.config import ConfigError, load
    from spamgate.server.gitea import repositories

    try:
        config = load(args.config)
    except ConfigError as exc:
        sys.stderr.write(f"spamgate audit: {exc}\n")
        return 2
    if args.queue:
        if args.root is not None:
            sys.stderr.write("spamgate audit: --queue takes no ROOT (the queue names its repositories)\n")
            return 2
        return _drain(config, args)
    if args.root is None:
        sys.stderr.write("spamgate audit: give ROOT, or --queue\n")
        return 2
    root = Path(args.root).expanduser().resolve()
    if not root.is_dir():
        sys.stderr.write(f"spamgate audit: {args.root} is not a directory\n")
        return 2
    repos = repositories(root)
    if not repos:
        sys.stderr.write(f"spamgate audit: no repositories under {root} (expected <ROOT>/<owner>/<repo>.git)\n")
        return 2
    repos = [r for r in repos if in_shard(describe(r, root)[0], args.shard)]
    jobs = args.jobs or default_jobs()
    progress = Progress(len(repos), sys.stderr.isatty() and not args.no_progress)
    audits = []
    runner = Runner(repos, root, args.history, config, jobs, args.include_suspicious)
    interrupted = False
    try:
        for audit in runner:
            audits.append(audit)
            progress.step(audit.verdict == "spam")
    except KeyboardInterrupt:
        interrupted = True
        runner.stop()
    finally:
        progress.close()
    audits.sort(key=lambda a: a.location)
    _write(audits, sys.stdout, args.format, len(audits) if interrupted else len(repos))
    if interrupted:
        sys.stderr.write(f"spamgate audit: interrupted after {len(audits)} of {len(repos)} repositories\n")
        return 130
    return _status(audits)


if __name__ == "__main__":
    raise SystemExit(main())
