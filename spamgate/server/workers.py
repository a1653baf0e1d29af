"""Judging pushed documents, here or in a forked helper process on another core.

A job is one document in marshal's types: ``(kind, path, text, encoding,
commit, subject, places)``; ``places`` maps an excerpt of a large file back to
the file (see ``content``).  Jobs go to a helper (``spamgate.parallel``) and
results come back as records: None for a clean document, else the parts of a
FileResult the report uses.
"""
from __future__ import annotations

HELPER_QUEUE = 4  # documents handed to the helper and not yet answered


def examine(job: tuple, thresholds):
    """Judge one job under the push profile, inline suppressions off (they are
    text the pusher wrote); the FileResult, its findings placed in the file."""
    from spamgate.engine import scan_document
    from spamgate.model import Document, PushContext

    kind, path, text, encoding, commit, subject, places, context = job
    document = Document(path=path, text=text, kind=kind, encoding=encoding, commit_subject=subject, commit=commit,
                        context=PushContext(*context) if context is not None else None)
    result = scan_document(document, profile="push", thresholds=thresholds, allow_suppressions=False)
    findings = result.findings
    if places:
        from spamgate.server.content import place

        findings = place(places, document, findings)
    return result._replace(findings=findings, document=None)  # keep the findings, not the whole text


def start_helper(thresholds):
    """A helper process (``spamgate.parallel.Helper``) that judges jobs as ``examine`` does and
    answers each with its ``result_record``; None when no process can be forked."""
    from spamgate.parallel import Helper

    return Helper.start(lambda job: result_record(examine(job, thresholds)), HELPER_QUEUE)


def result_record(result):
    """What the report needs of a FileResult, in marshal's types; None for a clean document."""
    if result is None or not result.failed and not result.errors and result.verdict.verdict == "clean":
        return None
    from spamgate.engine import result_record as record

    return record(result)


def result_from(record):
    if record is None:
        return None
    from spamgate.engine import result_from_record

    return result_from_record(record)
