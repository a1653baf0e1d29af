"""The pre-receive decision: judge what a push adds, then accept, refuse or queue it.

git gives the hook one ``<old> <new> <ref>`` line per ref (``refs``).  The push
waits for one of the host's scan slots (``state``), then a child process judges
what the push brings (``listing``, ``scan``) while this process holds the time
budget: past it, the child is stopped whatever it is doing.  Spam refuses the
push.  Whatever could not be judged (time ran out, a process died, a rule or
git failed, no slot freed up) is never let through unnoticed: a wiki refuses
the push by default; another repository accepts it and queues what was not
judged for ``spamgate audit --queue``, or refuses it, as configured.
"""
from __future__ import annotations

import os
import threading
import time

from spamgate.server import git
from spamgate.server.config import QUEUE, WARN, ServerConfig
from spamgate.server.decisionlog import log_record, tell_admin
from spamgate.server.messages import Output, refusal_lines, unjudged_lines, unjudged_summary
from spamgate.server.refs import InputError, Push, RefUpdate, parse_input, push_from_environment
from spamgate.server.safe import safe
from spamgate.server.scan import MAX_SPAM_DOCUMENTS, Report, describe_exception

__all__ = ["Hook", "push_from_environment"]

SCAN_SHARE = 0.85  # of the budget, for judging; the rest lists what is left and reports
LISTING_SHARE = 0.93


class Hook:
    """One run of the pre-receive hook."""

    def __init__(self, config: ServerConfig, push: Push, gitlab: bool = False, stream=None,
                 config_problem: str | None = None):
        import sys

        self.config = config
        self.push = push
        self.out = Output(gitlab or config.gitlab)
        self.stream = stream if stream is not None else sys.stderr.buffer
        self.start = time.monotonic()
        self.updates: list[RefUpdate] = []
        self.config_problem = config_problem  # the server's configuration is broken: defaults apply
        self.problems: list[str] = []  # server problems met on the way, for the admin

    def run(self, data: bytes) -> int:
        try:
            self.updates = parse_input(data)
        except InputError as exc:
            self.out.add(f"push refused: {safe(str(exc), 300)}")
            self.out.add(safe(self.config.contact, 300))
            return self._finish(1, self._record("refused", "error", None, error=str(exc)))
        updates = self._to_scan()
        if not updates:
            return self._finish(0, self._record("accepted", "clean", None) if self.config_problem else None)
        slot, busy = self._take_slot()
        if busy:
            reason = f"the server is busy: no scan could start within {self.config.max_wait:g} s"
            return self._finish(*self._decide(updates, None, reason))
        self.start = time.monotonic()  # the budget counts from here
        try:
            if hasattr(os, "fork"):
                report, failure = self._run_forked(updates)
            else:  # pragma: no cover - platforms without fork
                report, failure = self._run_threaded(updates)
            return self._finish(*self._decide(updates, report, failure))
        finally:
            if slot is not None:
                slot.release()

    # -- what to scan, and where ------------------------------------------------------------
    def _to_scan(self) -> list[RefUpdate]:
        """The ref updates to judge; empty when the push is accepted without a scan."""
        config, push = self.config, self.push
        if push.internal and not config.scan_internal_pushes:
            return []
        if config.pusher_is_exempt(push.pusher_name) or config.repository_is_exempt(push.names):
            return []
        updates = [u for u in self.updates if not config.ref_is_skipped(u.ref)]
        if not any(not u.is_delete for u in updates):
            return []  # deletions only, skipped refs, or nothing at all
        return updates

    def _take_slot(self):
        """(slot or None, whether the host stayed busy); a state directory that cannot be used is
        reported to the admin and the scan runs without a slot."""
        from spamgate.server.state import take_slot

        config = self.config
        try:
            slot = take_slot(config.state_path(), config.scan_slots(), config.max_wait)
        except OSError as exc:
            self._admin(f"scan slots under {config.state_path()} cannot be used: {exc.strerror or exc}")
            return None, False
        return slot, slot is None

    def _helper_slot(self):
        from spamgate.server.state import take_slot

        try:
            return take_slot(self.config.state_path(), self.config.scan_slots(), 0)
        except OSError:
            return None

    # -- the scan, in a child process ----------------------------------------------------
    def _scan(self, updates: list[RefUpdate]) -> Report:
        from spamgate.server.listing import PushSource
        from spamgate.model import PushContext
        from spamgate.server.scan import scan

        config, push = self.config, self.push
        context = PushContext(push.pusher_name or "", push.owner, push.name, push.wiki)
        report = Report()
        budget = config.time_budget
        scan(PushSource(push.repo_dir, updates, config.ref_is_skipped), push.repo_dir, push.wiki, config, report,
             deadline=self.start + budget * SCAN_SHARE, listing_deadline=self.start + budget * LISTING_SHARE,
             max_spam=MAX_SPAM_DOCUMENTS, helper_slot=self._helper_slot, context=context)
        return report

    def _run_forked(self, updates: list[RefUpdate]) -> tuple[Report | None, str | None]:
        """Scan in a child process; past the budget this process kills it, whatever it is doing.

        A thread cannot stop code that holds the interpreter (one long regular
        expression call), but a parent process can always stop a child.
        """
        import marshal
        import select
        import signal

        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: scan, send the report to the parent, exit
            code = 0
            try:
                os.close(read_end)
                try:
                    os.setpgid(0, 0)  # its own group, so its git processes can be stopped with it
                except OSError:
                    pass
                try:
                    payload = {"report": self._scan(updates).to_marshal()}
                except Exception as exc:
                    payload = {"failure": f"the scan failed: {describe_exception(exc)}"}
                view = memoryview(marshal.dumps(payload))
                while view:
                    view = view[os.write(write_end, view):]
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(write_end)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        chunks: list[bytes] = []
        finished = False
        hard_deadline = self.start + self.config.time_budget
        try:
            while True:
                # Once the report is on its way, give it a moment to arrive whole.
                remaining = hard_deadline + (2.0 if chunks else 0.0) - time.monotonic()
                if remaining <= 0:
                    break
                ready, _, _ = select.select([read_end], [], [], remaining)
                if not ready:
                    continue
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
        finally:
            os.close(read_end)
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
                break
            except OSError:
                continue
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        if not finished:
            return None, self._time_reason()
        try:
            payload = marshal.loads(b"".join(chunks))
            if "failure" in payload:
                return None, str(payload["failure"])
            return Report.from_marshal(payload["report"]), None
        except (ValueError, KeyError, TypeError, EOFError):
            return None, "the scan process ended unexpectedly"

    def _run_threaded(self, updates: list[RefUpdate]) -> tuple[Report | None, str | None]:
        """Scan in this process, with a watchdog thread that decides when the budget is spent."""
        done = threading.Lock()

        def watchdog():
            if not done.acquire(blocking=False):
                return  # the scan is already reporting
            git.kill_all()
            status = self._finish(*self._decide(updates, None, self._time_reason()))
            os._exit(status)

        timer = threading.Timer(max(0.0, self.start + self.config.time_budget - time.monotonic()), watchdog)
        timer.daemon = True
        timer.start()
        try:
            result = (self._scan(updates), None)
        except Exception as exc:
            result = (None, f"the scan failed: {describe_exception(exc)}")
        finally:
            timer.cancel()
        if not done.acquire(blocking=False):
            time.sleep(3600)  # the watchdog is exiting the process
        return result

    def _time_reason(self) -> str:
        return f"the time budget of {self.config.time_budget:g} s ran out"

    # -- the decision ---------------------------------------------------------------------
    def _decide(self, updates: list[RefUpdate], report: Report | None, failure: str | None) -> tuple[int, dict | None]:
        config, out = self.config, self.out
        if report is not None and report.spam:
            warn_only = config.mode == WARN
            refusal_lines(report, self.push.wiki, config, out, warn_only)
            return (0 if warn_only else 1), self._record("warned" if warn_only else "refused", "spam", report)
        if report is None or not report.judged_in_full:
            return self._unjudged(updates, report, failure or self._main_reason(report))
        if report.suspicious and config.log_suspicious:
            return 0, self._record("accepted", "suspicious", report)
        return 0, self._record("accepted", "clean", report) if self.config_problem else None

    def _main_reason(self, report: Report) -> str:
        if report.timed_out:
            return self._time_reason()
        if report.unjudged:
            return report.unjudged[0].reason
        return report.errors[0] if report.errors else "the push could not be listed in full"

    def _unjudged(self, updates: list[RefUpdate], report: Report | None, reason: str) -> tuple[int, dict]:
        from spamgate.server.state import enqueue

        config, push = self.config, self.push
        summary = unjudged_summary(report, reason)
        warn_only = config.mode == WARN
        queued = None
        if warn_only or config.unjudged_outcome(push.wiki) == QUEUE:
            try:
                queued = enqueue(config.state_path(), self._queue_record(updates, report, reason))
            except OSError as exc:
                self._admin(f"cannot queue unjudged objects under {config.state_path()}: {exc.strerror or exc}")
            outcome = "warned" if warn_only else ("queued" if queued else "unqueued")
        else:
            outcome = "refused"
        unjudged_lines(self.out, summary, outcome, push.wiki, config.contact)
        status = 1 if outcome in ("refused", "unqueued") else 0
        record = self._record("refused" if status else ("warned" if warn_only else "accepted"), "unjudged", report,
                              error=reason)
        record["queued"] = queued
        return status, record

    def _queue_record(self, updates: list[RefUpdate], report: Report | None, reason: str) -> dict:
        from spamgate.server.decisionlog import utc_now

        push = self.push
        changed = [u for u in updates if not u.is_delete]
        ref = changed[0].ref if len(changed) == 1 else None
        items = [{"kind": u.kind, "commit": u.commit, "blob": u.blob, "path": u.path, "ref": ref}
                 for u in (report.unjudged if report is not None else [])]
        complete = report is not None and report.complete
        return {"version": 1, "time": utc_now(), "repository": push.repository, "repository_path": push.repo_dir,
                "wiki": push.wiki, "pusher": push.pusher, "reason": reason,
                "refs": [{"ref": u.ref, "old": u.old, "new": u.new} for u in changed],
                "items": items, "ranges": [] if complete else [{"ref": u.ref, "old": u.old, "new": u.new}
                                                                for u in changed]}

    def _record(self, decision: str, reason: str, report: Report | None, error: str | None = None) -> dict:
        record = log_record(decision, reason, self.push, self.updates, report, time.monotonic() - self.start, error)
        if self.config_problem:
            record["config_error"] = self.config_problem
        return record

    # -- output, exactly once -----------------------------------------------------------------
    def _admin(self, message: str) -> None:
        """A server problem: to the admin in full (system log, decision log), never to the pusher."""
        tell_admin(message)
        self.problems.append(message)

    def _finish(self, status: int, record: dict | None) -> int:
        problems = self.problems
        if self.config_problem:
            tell_admin(f"server configuration: {self.config_problem}; the push was judged with the built-in settings")
            self.out.add("warning: the server's spam check is misconfigured; "
                         "this push was judged with the built-in settings")
        if problems and record is None:
            record = self._record("refused" if status else "accepted", "clean", None)
        if record is not None:
            if problems:
                record["server_errors"] = problems
            if self.config.log_file:
                from spamgate.server.decisionlog import append

                problem = append(self.config.log_file, record, forbidden_dir=self.push.repo_dir)
                if problem:
                    tell_admin(problem)
                    self.out.add("warning: the server could not write its decision log")
        text = self.out.text()
        if text:
            try:
                self.stream.write(text.encode("utf-8", "replace"))
                self.stream.flush()
            except OSError:
                pass
        return status
