"""The engine: run every rule over a document and judge the result."""
from __future__ import annotations

from collections.abc import Iterable

from typing import NamedTuple
from spamgate.model import LOOKALIKE_FAMILY, Document, Finding
from spamgate.reader import Skipped
from spamgate.registry import all_checks, all_rules
from spamgate.verdict import NO_EVIDENCE, Thresholds, Verdict, fails, judge


class RuleError(NamedTuple):
    rule: str
    error: str
    detail: str


class FileResult(NamedTuple):
    """What spamgate found in one file (or commit message)."""

    path: str
    findings: list[Finding] | tuple = ()
    verdict: Verdict = NO_EVIDENCE
    failed: bool = False
    skipped: Skipped | None = None
    errors: list[RuleError] | tuple = ()
    document: Document | None = None
    suppressed: list[Finding] | tuple = ()  # silenced by inline markers

    def to_json(self, finding_json=None) -> dict:
        """The file's entry in the JSON report; ``finding_json`` gives each finding's value
        (``Finding.to_json`` unless given)."""
        out = {
            "path": self.path,
            "verdict": self.verdict.verdict,
            "score": self.verdict.score,
            "failed": self.failed,
            "reasons": self.verdict.reasons,
            "findings": [f.to_json() for f in self.findings] if finding_json is None else
                        [finding_json(f) for f in self.findings],
        }
        if self.skipped is not None:
            out["skipped"] = {"reason": self.skipped.reason, "message": self.skipped.message}
        if self.errors:
            out["errors"] = [{"rule": e.rule, "error": e.error} for e in self.errors]
        if self.suppressed:
            out["suppressed"] = len(self.suppressed)
        return out


class Allowances(NamedTuple):
    """What a project declares legitimate: never reported by the checks whose
    declaration lists the allowance (the character checks).

    ``characters``: single characters; ``scripts``: Unicode script names or
    codes (matched by Script_Extensions); ``words``: compared case-insensitively.
    """

    characters: frozenset[str] = frozenset()
    scripts: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def _script_rx(self):
        rx = _SCRIPT_RX.get(self.scripts)
        if rx is None:
            import regex

            rx = regex.compile("[" + "".join(r"\p{scx=%s}" % s for s in self.scripts) + "]") if self.scripts else None
            _SCRIPT_RX[self.scripts] = rx
        return rx

    def _folded_words(self) -> frozenset[str]:
        folded = _FOLDED_WORDS.get(self.words)
        if folded is None:
            folded = _FOLDED_WORDS[self.words] = frozenset(w.casefold() for w in self.words)
        return folded

    def allows(self, finding: Finding, document: Document | None) -> bool:
        check = all_checks().get(finding.code)
        applies = check.allowances if check is not None else frozenset()
        if not applies:
            return False
        if "words" in applies and self.words and document is not None and finding.offset >= 0:
            folded = self._folded_words()
            if finding.text.casefold() in folded or _word_at(document.text, finding.offset, finding.end_offset).casefold() in folded:
                return True
        characters = self.characters if "characters" in applies else frozenset()
        rx = self._script_rx() if "scripts" in applies else None
        if not (characters or rx is not None):
            return False
        chars = _named_characters(finding)
        if not chars:
            return False
        return all(c in characters or (rx is not None and rx.match(c)) for c in chars)


_SCRIPT_RX: dict = {}
_FOLDED_WORDS: dict = {}


def _named_characters(finding: Finding) -> list[str]:
    """The characters a finding is about: those it names as U+XXXX, else its non-ASCII ones."""
    import re

    out = []
    for name in finding.characters:
        m = re.match(r"U\+([0-9A-Fa-f]{4,6})", name)
        if m:
            out.append(chr(int(m.group(1), 16)))
    return out or [c for c in finding.text if c >= "\x80"]


def _word_at(text: str, start: int, end: int) -> str:
    """The word around ``text[start:end]``: letters, digits, marks and format characters."""
    from spamgate.ucd import is_word_char

    while start > 0 and is_word_char(text[start - 1]):
        start -= 1
    n = len(text)
    while end < n and is_word_char(text[end]):
        end += 1
    return text[start:end]


def code_matches(code: str, prefixes: Iterable[str]) -> bool:
    """Whether ``code`` is one of ``prefixes`` or starts with one (SG1 matches SG101)."""
    return any(code.startswith(p) for p in prefixes)


def run_rules(document: Document, select: Iterable[str] | None = None, *,
              ignore: Iterable[str] | None = None) -> tuple[list[Finding], list[RuleError]]:
    """All findings of all (selected, not ignored) rules, in document order.

    ``select`` and ``ignore`` hold codes or code prefixes (``SG101``, ``SG1``).
    """
    wanted = None if select is None else tuple(select)
    unwanted = tuple(ignore or ())

    def keep(code: str) -> bool:
        return (wanted is None or code_matches(code, wanted)) and not code_matches(code, unwanted)

    every = wanted is None and not unwanted  # the common case: no per-code filtering at all
    findings: list[Finding] = []
    errors: list[RuleError] = []
    for rule in all_rules():
        if not every and not any(keep(c.code) for c in rule.checks):
            continue
        try:
            # The character rules judge the text a reader sees (references and escapes decoded).
            view = document.rendered if rule.checks[0].family == LOOKALIKE_FAMILY else None
            found = rule.run(document) if view is None else view.restore(rule.run(view.document))
            if every:
                findings.extend(found)
                continue
            for finding in found:
                if keep(finding.code):
                    findings.append(finding)
        except Exception as exc:  # a rule bug must not lose the other rules' results
            kind = type(exc).__name__
            if kind.islower():  # re.error, regex.error: "error: ..." would read as a doubled prefix
                kind = f"{type(exc).__module__.split('.')[0]}.{kind}"
            import traceback

            errors.append(RuleError(rule.id, f"{kind}: {exc}", traceback.format_exc()))
    findings.sort(key=lambda f: (f.location != "path", f.line, f.column, f.code))
    return findings, errors


def scan_document(document: Document, profile: str = "commit", thresholds: Thresholds | None = None,
                  select: Iterable[str] | None = None, *, ignore: Iterable[str] | None = None,
                  allowed: Allowances | None = None,
                  allow_suppressions: bool | None = None) -> FileResult:
    """Run the rules over one document and judge it.

    ``ignore``: codes or prefixes never reported.  ``allowed``: characters,
    scripts and words the project declares legitimate.  ``allow_suppressions``:
    whether inline ``spamgate: ignore[...]`` markers count; None means "as the
    profile says" (yes under ``commit``, no under ``push``).  Server-side
    callers pass False unless their own configuration allows them.
    """
    findings, errors = run_rules(document, select, ignore=ignore)
    if allowed is not None:
        findings = [f for f in findings if not allowed.allows(f, document)]
    if allow_suppressions is None:
        allow_suppressions = profile != "push"
    suppressed: list[Finding] = []
    if allow_suppressions and findings:
        from spamgate import suppress

        findings, suppressed = suppress.apply(findings, suppress.collect(document))
    verdict = judge(findings, thresholds)
    return FileResult(
        path=document.path, findings=findings, verdict=verdict,
        failed=fails(profile, verdict, findings), errors=errors, document=document,
        suppressed=suppressed,
    )


def result_record(result: FileResult, text: bool = False) -> tuple:
    """A FileResult in marshal's types, to cross to another process (``result_from_record``).
    ``text``: with the document's text when there are findings, for reports that quote
    their lines; else without the document."""
    document = result.document
    if text and document is not None and (result.findings or result.suppressed):
        document = (document.path, document.text, document.kind, document.encoding, document.commit_subject,
                    document.commit)
    else:
        document = None
    verdict = result.verdict
    return (result.path, [tuple(f) for f in result.findings], (verdict.verdict, verdict.score, verdict.reasons),
            result.failed, None if result.skipped is None else tuple(result.skipped),
            [tuple(e) for e in result.errors], [tuple(f) for f in result.suppressed], document)


def result_from_record(record: tuple) -> FileResult:
    path, findings, verdict, failed, skipped, errors, suppressed, document = record
    return FileResult(path, [Finding(*f) for f in findings], Verdict(*verdict), failed,
                      None if skipped is None else Skipped(*skipped), [RuleError(*e) for e in errors],
                      None if document is None else Document(*document), [Finding(*f) for f in suppressed])


def skipped_result(skipped: Skipped) -> FileResult:
    return FileResult(path=skipped.path, skipped=skipped, failed=False)
