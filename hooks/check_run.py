"""The work of ``spamgate check``: read each file, scan it, fix it, leave out
what the baseline holds, report, and decide the exit status."""
from __future__ import annotations

import os
import sys
import time
from collections import namedtuple

HELPER_AFTER = 0.05  # seconds of checking after which helper processes join in, when files remain


class _Run:
    """What one run has seen so far."""

    def __init__(self, args, resolver):
        self.args = args
        self.resolver = resolver
        self.results = []
        self.n_fixed = 0
        self.fix_failed = False
        self.baselined = 0
        self.baselines = {}
        # With --fix -, the fixed text is the output: the report goes to standard error.
        self.stdin_fix = args.fix and not args.diff
        self.stdin_out: bytes | None = None
        report_to_stderr = self.stdin_fix and "-" in (args.paths or ())
        self.report_stream = sys.stderr if report_to_stderr else sys.stdout
        self.info = sys.stdout if args.format in ("text", "concise", "github") and not report_to_stderr else sys.stderr
        self.context = None  # the push context --pusher and --repository give
        if args.pusher or args.repository:
            from spamgate.model import PushContext

            self.context = PushContext.parse(args.pusher or "", args.repository or "")

    def baseline_for(self, settings):
        path = self.args.baseline or settings.baseline
        if path is None or self.args.write_baseline:
            return None
        from spamgate import baseline

        key = os.path.abspath(path)
        if key not in self.baselines:
            self.baselines[key] = baseline.load(path)
        return self.baselines[key]


def run(args, resolver) -> int:
    from spamgate.reporters import ReportContext, get, use_color

    state = _Run(args, resolver)
    paths, directories = _listed(args.paths or ["."], resolver)
    per_path = _check_all(paths, state)
    results = state.results = [r for r in per_path if r is not None]
    errors = any(r.errors for r in results) or state.fix_failed
    for directory, lo, hi in directories:
        listed = [r for r in per_path[lo:hi] if r is not None]
        if not any(r.skipped is None or r.failed for r in listed):
            passed_over = len(listed)
            sys.stderr.write(f"spamgate check: no text files to check in {directory}"
                             + (f" ({passed_over} passed over: binary, excluded or not regular files; -v lists them)"
                                if passed_over else "") + "\n")
    if args.write_baseline:
        from spamgate.baseline import write

        n = write(args.write_baseline, results)
        files = sum(1 for r in results if r.findings)
        sys.stderr.write(f"spamgate check: wrote {n} finding{'s' if n != 1 else ''} in {files} "
                         f"file{'s' if files != 1 else ''} to {args.write_baseline}; with --baseline "
                         f"{args.write_baseline} (or the baseline setting) only new findings are reported\n")
        return 2 if errors or any(r.skipped is not None and r.skipped.is_error for r in results) else 0
    if args.diff:
        if state.n_fixed:
            sys.stderr.write(f"{state.n_fixed} file{'s' if state.n_fixed != 1 else ''} would be fixed.\n")
        if errors:
            return 2
        return 1 if state.n_fixed and not args.exit_zero else 0
    profile = args.profile or _first_profile(results, resolver)
    stream = state.report_stream
    context = ReportContext(profile=profile, verbose=args.verbose, statistics=args.statistics,
                            color=args.format in ("text", "concise") and use_color(args.color, stream),
                            extra={"cwd": os.getcwd()}, snippets=args.format == "text",
                            baselined=state.baselined)
    if state.stdin_out is not None:
        stream.flush()
        sys.stdout.flush()
        sys.stdout.buffer.write(state.stdin_out)
        sys.stdout.flush()
    get(args.format).report(results, stream, context)
    if state.n_fixed and not state.stdin_out:
        state.info.write(f"Fixed {state.n_fixed} file{'s' if state.n_fixed != 1 else ''}: review the changes and "
                         f"stage them (exit status 1, since files were changed).\n")
    if errors or any(r.skipped is not None and r.skipped.is_error for r in results):
        return 2
    if args.exit_zero:
        return 0
    failing = any(r.failed for r in results)
    if state.stdin_out is not None:
        return 1 if failing else 0  # what remains decides: the fixed text is already out
    return 1 if state.n_fixed or failing else 0


def _first_profile(results, resolver) -> str:
    """The profile of the first file's settings (of the working directory without files)."""
    first = next((r.path for r in results if r.path != "-"), os.path.join(os.getcwd(), "_"))
    return resolver.for_path(first).profile or "commit"


def _listed(args: list[str], resolver) -> tuple[list[str], list[tuple[str, int, int]]]:
    """The paths to check, in order, and for each directory named the range of its files among them."""
    paths: list[str] = []
    directories = []

    def excluded_dir(path: str) -> bool:
        return resolver.for_path(os.path.join(path, "_")).is_excluded(path)

    for arg in args:
        if arg != "-" and os.path.isdir(arg) and not os.path.islink(arg):
            from spamgate import walk

            lo = len(paths)
            paths.extend(walk.files(arg, excluded_dir))
            directories.append((arg, lo, len(paths)))
        else:
            paths.append(arg)
    return paths, directories


def _check_all(paths: list[str], state: _Run) -> list:
    """The result of each path (None for a file left out without a word), in order.

    Once checking has taken ``HELPER_AFTER`` seconds and files remain, helper
    processes on the other cores scan files too -- not when fixing (fixes are
    written, and reported, one file after another), and not under pre-commit,
    which runs a batch of files on each core already (unless its
    ``PRE_COMMIT_NO_CONCURRENCY`` runs them one batch at a time)."""
    out: list = [None] * len(paths)
    pool = None
    pre_commit_batches = os.environ.get("PRE_COMMIT") == "1" and not os.environ.get("PRE_COMMIT_NO_CONCURRENCY")
    may_share = (not (state.args.fix or state.args.diff or pre_commit_batches) and len(paths) > 1
                 and hasattr(os, "fork"))
    started = time.monotonic()
    try:
        for i, path in enumerate(paths):
            job = _prepare(path, state)
            if not isinstance(job, _Job):
                out[i] = job
                continue
            if pool is None and may_share and i + 1 < len(paths) and time.monotonic() - started > HELPER_AFTER:
                from spamgate.hooks.check_pool import Pool

                pool = Pool.start()
                may_share = pool is not None
            if pool is not None and path != "-" and pool.offer(i, job):
                continue
            out[i] = _finish(_scan(job, state), job, state)
            if pool is not None:
                for index, done, result in pool.collect(0.0):
                    out[index] = _finish(result or _scan(done, state), done, state)
        if pool is not None:
            for index, done, result in pool.drain():
                out[index] = _finish(result or _scan(done, state), done, state)
    finally:
        if pool is not None:
            pool.close()
    return out


# A file to read and scan: its path, its name as reported (--stdin-filename for -), the size
# limit, the commit subject given, the push context given (a PushContext or None), its
# profile, engine.scan_document's keyword arguments for it, and its settings.
_Job = namedtuple("_Job", "path name max_bytes commit_subject context profile options settings")


def _prepare(path: str, state: _Run):
    """The job of scanning ``path``, or its result when it is not scanned (None: left out without a word)."""
    from spamgate.engine import skipped_result
    from spamgate.reader import DEFAULT_MAX_BYTES, Skipped

    args = state.args
    settings = state.resolver.for_path(path)
    name = (args.stdin_filename or "-") if path == "-" else path
    if name != "-" and _is_baseline(path, state, settings):
        # spamgate's own record of findings (it quotes them, escaped): not content to judge
        return skipped_result(Skipped(name, "excluded", "the baseline file, not scanned")) if args.verbose else None
    if name != "-" and settings.is_excluded(name):
        return (skipped_result(Skipped(name, "excluded", "excluded by configuration, not scanned"))
                if args.verbose else None)
    return _Job(path, name, settings.max_file_size or DEFAULT_MAX_BYTES, args.commit_subject, state.context,
                settings.profile, settings.scan_options(name), settings)


def _scan(job: _Job, state: _Run | None):
    """Read and scan one file (fixing it too when asked); its FileResult."""
    from spamgate.engine import scan_document, skipped_result
    from spamgate.reader import Skipped, document_from_bytes, read_path

    path, name, max_bytes = job.path, job.name, job.max_bytes
    data = None
    if path == "-":
        data, size = _read_stdin(max_bytes, keep_all=state.stdin_fix)
        if state.stdin_fix:
            state.stdin_out = data  # unless fixed below: given back as it came
        doc = Skipped(name, "too-large", "") if size > max_bytes else document_from_bytes(data, name)
    else:
        doc = read_path(path, max_bytes)
        size = None
    if isinstance(doc, Skipped):
        return too_large(doc, max_bytes, size) if doc.reason == "too-large" else skipped_result(doc)
    if job.commit_subject:
        doc.commit_subject = job.commit_subject
    if job.context is not None:
        doc.context = job.context

    def scan(document):
        return scan_document(document, profile=job.profile, **job.options)

    result = scan(doc)
    args = state.args if state is not None else None
    if args is not None and (args.fix or args.diff) and any(f.location == "content" for f in result.findings):
        fixed = _fix(path, data, doc, result, state)
        if fixed is not None and not args.diff:
            result = scan(fixed)
    return result


def _finish(result, job: _Job, state: _Run):
    """``result`` less what the baseline holds."""
    settings = job.settings
    base = state.baseline_for(settings) if result.skipped is None else None
    if base is not None:
        from spamgate import baseline
        from spamgate.verdict import fails, judge

        def rejudge(findings):
            verdict = judge(findings, settings.thresholds)
            return verdict, fails(settings.profile, verdict, findings)

        result, dropped = baseline.apply(result, base, rejudge)
        state.baselined += dropped
    return result


def _is_baseline(path: str, state: _Run, settings) -> bool:
    """Whether ``path`` is the baseline file this run reads or writes."""
    own = state.args.write_baseline or state.args.baseline or settings.baseline
    return own is not None and os.path.abspath(path) == os.path.abspath(own)


def too_large(skipped, limit: int, size: int | None = None):
    """The result of a file too large to scan: it fails, and says how to let it through."""
    from spamgate.engine import FileResult

    if size is None:
        try:
            size = os.stat(skipped.path).st_size
        except OSError:
            size = None
    mib = f" ({limit / (1024 * 1024):g} MiB)" if limit >= 1024 * 1024 else ""
    what = f"{size} bytes is" if size is not None else "it is"
    message = (f"{what} over the {limit}-byte limit{mib}, so it was not scanned and fails; raise the limit "
               f"(--max-file-size BYTES, or max-file-size in [tool.spamgate]) or leave the file out "
               f"(exclude in [tool.spamgate])")
    return FileResult(path=skipped.path, skipped=skipped._replace(message=message), failed=True)


def _read_stdin(limit: int, keep_all: bool) -> tuple[bytes, int]:
    """Standard input (up to ``limit`` + 1 bytes, or all of it when ``keep_all``)
    and its whole size: what is not kept is read and counted, never stored."""
    stream = sys.stdin.buffer
    kept = [stream.read(limit + 1)]
    size = len(kept[0])
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
        if keep_all:
            kept.append(chunk)
    return b"".join(kept), size


def _fix(path, data, doc, result, state):
    """Fix (or diff) one file.  Returns the fixed document, or None when nothing
    changed or the file could not be fixed (then reported)."""
    from spamgate.fix import FixError, plan, unified_diff, write_atomic
    from spamgate.model import Document

    args = state.args
    try:
        if data is None:
            with open(path, "rb") as fh:
                data = fh.read()
        fx = plan(data, doc, result.findings)
    except (FixError, OSError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        sys.stderr.write(f"spamgate check: cannot fix {path}: {message}\n")
        state.fix_failed = True
        return None
    if fx is None:
        return None
    from spamgate.reporters.text import printable

    for word in fx.unfixed:
        line, column = doc.locate(word.offset)
        sys.stderr.write(f"spamgate check: not fixed: {doc.path}:{line}:{column}: \"{printable(word.word)}\": "
                         f"{word.reason}; retype the word in one script\n")
    if not fx.spans:
        return None
    state.n_fixed += 1
    if args.diff:
        sys.stdout.write(unified_diff(fx))
        return None
    if path == "-":
        state.stdin_out = fx.new_bytes
    else:
        try:
            write_atomic(path, fx.new_bytes)
        except OSError as exc:
            sys.stderr.write(f"spamgate check: cannot write {path}: {exc.strerror or exc}\n")
            state.fix_failed = True
            state.n_fixed -= 1
            return None
        state.info.write(f"Fixing {path}\n")
        state.info.flush()
    return Document(path=doc.path, text=fx.new_text, kind=doc.kind, encoding=doc.encoding,
                    commit_subject=doc.commit_subject, commit=doc.commit, context=doc.context)
