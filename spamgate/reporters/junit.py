"""JUnit XML report: one test case per file, as CI servers (GitLab, Jenkins,
Azure Pipelines, test-report actions) read test results.

A file that fails under the profile is a ``<failure>`` whose text lists its
findings; a file that could not be read, or on which a rule failed, is an
``<error>``; a file too large to scan is a failure; a file passed over
(binary, not a regular file) is ``<skipped>``.  Text from checked files is
kept to the characters XML 1.0 allows: others are written as ``<U+XXXX>``.
The report is ASCII: other characters are character references.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from spamgate.reporters import summarize, verdict_line

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _findings(r) -> str:
    lines = []
    for f in r.findings:
        where = f"{r.path}:{f.line}:{f.column}" if f.line else r.path
        sev = "" if f.severity == "error" else f" ({f.severity})"
        lines.append(f"{where}: {f.code}{sev} {f.message}")
    return "\n".join(lines)


def build(results, context) -> ET.Element:
    summary = summarize(results)
    cases = []
    failures = errors = skipped = 0
    for r in results:
        case = ET.Element("testcase", classname="spamgate", name=clean(r.path), file=clean(r.path), time="0")
        if r.skipped is not None:
            if r.failed:
                failures += 1
                ET.SubElement(case, "failure", message=clean(r.skipped.message), type="not-scanned")
            elif r.skipped.is_error:
                errors += 1
                ET.SubElement(case, "error", message=clean(r.skipped.message), type=r.skipped.reason)
            else:
                skipped += 1
                ET.SubElement(case, "skipped", message=clean(r.skipped.message))
        elif r.errors:
            errors += 1
            error = ET.SubElement(case, "error", message=clean(f"internal error in rule {r.errors[0].rule}"),
                                  type="internal-error")
            error.text = clean("\n".join(f"{e.rule}: {e.error}" for e in r.errors))
        elif r.failed:
            failures += 1
            n = len(r.findings)
            failure = ET.SubElement(case, "failure", type=context.profile, message=clean(
                f"{n} finding{'s' if n != 1 else ''}; {verdict_line(r)}"))
            failure.text = clean(_findings(r))
        elif r.findings:
            ET.SubElement(case, "system-out").text = clean(_findings(r))
        cases.append(case)
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": str(errors), "skipped": str(skipped)}
    root = ET.Element("testsuites", name="spamgate", time="0", **counts)
    suite = ET.SubElement(root, "testsuite", name=f"spamgate check ({context.profile} profile)", time="0",
                          **counts)
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="summary",
                  value=clean(summary.sentence(context.profile, context.baselined)))
    suite.extend(cases)
    return root


def report(results, stream, context) -> None:
    root = build(results, context)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    # ASCII (other characters as character references): a report left in the work
    # tree holds no look-alikes for a later check of the tree to find.
    stream.write(ET.tostring(root, encoding="us-ascii", xml_declaration=False).decode("ascii"))
    stream.write("\n")
