"""Helper processes for ``spamgate check``: files read and scanned on the other cores.

Each helper (``spamgate.parallel.Helper``) is forked once checking has run
for a while, so it starts with the rules and tables already loaded.  A job is
one file with the settings that apply to it, in marshal's types; the answer
is its FileResult as ``engine.result_record`` writes it, with the text when
there are findings (the report quotes their lines).  A helper that dies hands
back the files it held, to be checked here: none is lost.
"""
from __future__ import annotations

import select


class Pool:
    """Helpers on every other core, and the jobs they hold."""

    def __init__(self, helpers: list):
        self.helpers = helpers
        self.jobs: dict = {}  # index -> job, while a helper holds it
        self.returned: list = []  # (index, job, None) of the jobs of helpers that died

    @classmethod
    def start(cls) -> "Pool | None":
        """Helpers on every core but this one's; None when there is no other core (or no fork)."""
        from spamgate.parallel import Helper, cores

        helpers = []
        for _ in range(cores() - 1):
            helper = Helper.start(_work)
            if helper is None:
                break
            helpers.append(helper)
        return cls(helpers) if helpers else None

    def offer(self, index: int, job) -> bool:
        """Hand ``job`` to a helper with room for it; False when every one is busy."""
        from spamgate.parallel import HelperGone

        for helper in self.helpers:
            if helper.has_room():
                self.jobs[index] = job
                try:
                    helper.send(_job_record(job), index)
                except HelperGone:
                    self._gone(helper)  # the job comes back from collect, with the others it held
                return True
        return False

    def collect(self, timeout: float) -> list:
        """(index, job, FileResult) of the answers that have arrived, waiting up to ``timeout``
        for one; a file whose helper died comes back with None, to be checked here."""
        from spamgate.parallel import HelperGone

        done, self.returned = self.returned, []
        busy = [h for h in self.helpers if h.outstanding]
        if not busy or done:
            return done
        readable, _, _ = select.select([h.in_fd for h in busy], [h.out_fd for h in busy if h.wbuf], [], timeout)
        for helper in busy:
            if helper.in_fd not in readable and not helper.wbuf:
                continue
            try:
                answers = helper.poll(0.0)
            except HelperGone:
                self._gone(helper)
                done += self.returned
                self.returned = []
                continue
            for _job, index, record in answers:
                from spamgate.engine import result_from_record

                done.append((index, self.jobs.pop(index), result_from_record(record)))
        return done

    def drain(self):
        """Every answer still to come, as ``collect`` gives them."""
        while self.returned or any(h.outstanding for h in self.helpers):
            yield from self.collect(1.0)

    def _gone(self, helper) -> None:
        self.helpers.remove(helper)
        self.returned += [(index, self.jobs.pop(index), None) for _job, index in helper.outstanding]
        helper.outstanding.clear()
        helper.close()

    def close(self) -> None:
        for helper in self.helpers:
            helper.close()
        self.helpers = []


def _job_record(job) -> tuple:
    options = job.options
    allowed = options["allowed"]
    context = None if job.context is None else tuple(job.context)
    return (job.path, job.name, job.max_bytes, job.commit_subject, context, job.profile, tuple(options["thresholds"]),
            options["select"], options["ignore"], None if allowed is None else tuple(allowed))


def _work(record: tuple):
    """In a helper: check one file as ``check_run`` does, and answer with its result record."""
    from spamgate.engine import Allowances, result_record
    from spamgate.hooks.check_run import _Job, _scan
    from spamgate.settings.schema import Thresholds

    path, name, max_bytes, subject, context, profile, thresholds, select_, ignore, allowed = record
    options = {"thresholds": Thresholds(*thresholds), "select": select_, "ignore": ignore,
               "allowed": None if allowed is None else Allowances(*allowed)}
    if context is not None:
        from spamgate.model import PushContext

        context = PushContext(*context)
    return result_record(_scan(_Job(path, name, max_bytes, subject, context, profile, options, None), None),
                         text=True)
