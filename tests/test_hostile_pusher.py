"""A hostile pusher cannot switch detection off or break the server hook.

Each test pushes over git's local transport into a bare repository whose
``hooks/pre-receive`` runs ``spamgate pre-receive`` with a server
configuration, exactly as a server would.  The pusher controls everything in
the push: configuration files, suppression comments, the number of files,
their nesting, their names, ref names.  None of it may stop a spam article
from being refused, and none of it may make the hook crash or print raw
control or bidi characters to the pusher's terminal.  Pushes of
10,000 files stand for volume here; benchmarks/prereceive.py measures bigger ones.
"""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import git, spamgate

# A spam article of the genre, written for these tests: a templated clickbait
# title, stock opening, a few look-alike letters and a promotional closing link.
SPAM_NAME = "The-Pain-of-QuillNet-7B.md"
SPAM = """# The Pain of QuillNet-7B

Introduction

In the realm of natural language processing, the past few years have brought models that write, \
summarize and translate text. This report delves into the training recipe, the data and the \
evaluation of a compact open model.

\u0422he architecture follows the familiar decoder-only design. Each l\u0430yer combines attention \
with a feed-forward block, and the tokenizer splits rare words into smaller pieces. Training used a \
mixture of web pages, books and source code, filtered for quality and deduplicated.

On reading comprehension the model reaches scores close to much larger systems, while needing a \
fraction of their memory. Evaluations on summarization show fluent output, th\u043eugh factual errors \
remain a weakness that users should keep in mind.

Future work will examine longer contexts, better data filtering and safer deployment pr\u0430ctices.

If you loved this article and you would like to get more info about \
[QuillNet-7B](https://example.com/redirect?url=https%3A%2F%2Fquill.example%2F) kindly check out our own web site.
"""

HAM_NAME = "docs/install.md"
HAM = """# Installing the parser

Run `make install` and add the `bin` directory to your PATH. The parser reads UTF-8 input and
writes one JSON object per line. For more information, see the manual in `docs/manual.md`.
"""

# Control and bidi characters that must never reach the pusher's terminal raw.
RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f"
                           "\u202a-\u202e\u2066-\u2069\x1b]")

ALL_CODE_PREFIXES = ["SG1", "SG2", "SG3", "SG4", "SG9"]


def test_the_test_article_is_spam_under_the_push_profile():
    """Every refusal below rests on this: the article is spam, not merely suspicious."""
    import json

    proc = spamgate("check", "--profile", "push", "--format", "json", "--stdin-filename", SPAM_NAME, "-", input=SPAM)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["verdict"] == "spam"


# --------------------------------------------------------------------------- a server

class Server:
    """A bare repository with spamgate as its pre-receive hook, and a client clone."""

    def __init__(self, root: Path, config: str):
        self.root = root
        self.bare = root / "server.git"
        git("init", "-q", "--bare", str(self.bare), cwd=root)
        self.config = root / "spamgate-server.toml"
        self.log = root / "decisions.jsonl"
        self.config.write_text(config + f'\nlog_file = "{self.log}"\n')
        hook = self.bare / "hooks" / "pre-receive"
        hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m spamgate pre-receive --config "{self.config}"\n')
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        self.client = root / "client"
        self.client.mkdir()
        git("init", "-q", cwd=self.client)
        git("remote", "add", "origin", str(self.bare), cwd=self.client)
        (self.client / "README.md").write_text("# Project\n\nA small project.\n")
        git("add", "README.md", cwd=self.client)
        git("commit", "-q", "-m", "Initial commit", cwd=self.client)
        result = self.push()
        assert result.returncode == 0, result.stderr

    def commit(self, files: dict[str, str | bytes], message: str = "Add pages") -> str:
        for name, content in files.items():
            path = self.client / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
            git("add", "--", name, cwd=self.client)
        git("commit", "-q", "-m", message, cwd=self.client)
        return git("rev-parse", "HEAD", cwd=self.client).strip()

    def fast_commit(self, files: dict[bytes, bytes], message: str | bytes = "Add pages") -> str:
        """Commit many files (any path bytes) without touching the work tree."""
        parent = git("rev-parse", "HEAD", cwd=self.client).strip()
        chunks = []
        marks = {}
        for i, content in enumerate(dict.fromkeys(files.values()), 1):
            marks[content] = i
            chunks.append(b"blob\nmark :%d\ndata %d\n%s\n" % (i, len(content), content))
        msg = message if isinstance(message, bytes) else message.encode()
        chunks.append(b"commit refs/heads/main\ncommitter Test <t@example.org> 1700000000 +0000\n"
                      b"data %d\n%s\nfrom %s\n" % (len(msg), msg, parent.encode()))
        for path, content in files.items():
            chunks.append(b"M 100644 :%d %s\n" % (marks[content], _quote(path)))
        chunks.append(b"\n")
        git("fast-import", "--quiet", "--force", cwd=self.client, input=b"".join(chunks))
        return git("rev-parse", "main", cwd=self.client).strip()

    def push(self, *refspecs: str | bytes, timeout: float = 300) -> subprocess.CompletedProcess:
        refspecs = refspecs or ("HEAD:refs/heads/main",)
        proc = subprocess.run(["git", "push", "--porcelain", "origin", *refspecs], cwd=self.client,
                              capture_output=True, timeout=timeout)
        proc.stdout = proc.stdout.decode("utf-8", "replace")
        proc.stderr_bytes = proc.stderr
        proc.stderr = proc.stderr.decode("utf-8", "replace")
        return proc

    def server_head(self, ref: str = "refs/heads/main") -> str:
        return git("rev-parse", "--verify", "-q", ref, cwd=self.bare, check=False).strip()


def _quote(path: bytes) -> bytes:
    """A path in git fast-import's C-style quoting."""
    out = bytearray(b'"')
    for byte in path:
        if byte in (0x22, 0x5C):
            out += b"\\" + bytes([byte])
        elif 0x20 <= byte < 0x7F:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b'"')


SERVER_CONFIG = 'time_budget = 120\non_unjudged = "refuse"\n'


@pytest.fixture
def server(tmp_path):
    return Server(tmp_path, SERVER_CONFIG)


def assert_refused(server: Server, result, path_hint: str | None = None):
    out = result.stderr
    assert result.returncode != 0, f"push was accepted:\n{out}"
    assert "pre-receive hook declined" in result.stdout + out, result.stdout + out
    assert "Traceback" not in out, out
    assert "remote:" in out
    if path_hint:
        assert path_hint in out, out
    assert_output_safe(result)


def assert_accepted(result):
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_output_safe(result)


def assert_output_safe(result):
    remote = [line for line in result.stderr.splitlines() if line.startswith("remote:")]
    for line in remote:
        bad = RAW_FORBIDDEN.findall(line)
        assert not bad, f"raw control/bidi characters {bad!r} reached the pusher: {line!r}"


# --------------------------------------------------------------------------- baseline

def test_spam_article_is_refused_and_legitimate_push_accepted(server):
    before = server.server_head()
    server.commit({HAM_NAME: HAM}, "Document installation")
    assert_accepted(server.push())
    accepted = server.server_head()
    assert accepted != before
    server.commit({SPAM_NAME: SPAM}, "Add The Pain of QuillNet-7B")
    assert_refused(server, server.push(), SPAM_NAME)
    assert server.server_head() == accepted


# --------------------------------------------------------------------------- configuration in the push

HOSTILE_SPAMGATE_TOML = """\
# Switch everything off.
select = []
ignore = ["SG1", "SG2", "SG3", "SG4", "SG9"]
exclude = ["**", "*"]
profile = "push"
[thresholds]
spam = 1000000
suspicious = 1000000
"""


@pytest.mark.parametrize("where", [".spamgate.toml", "pyproject.toml", "docs/.spamgate.toml"])
def test_pushed_config_does_not_switch_detection_off(server, where):
    content = HOSTILE_SPAMGATE_TOML
    if where == "pyproject.toml":
        content = "[project]\nname = 'x'\n\n[tool.spamgate]\n" + HOSTILE_SPAMGATE_TOML.replace("[thresholds]", "[tool.spamgate.thresholds]")
    name = SPAM_NAME if where != "docs/.spamgate.toml" else "docs/" + SPAM_NAME
    server.commit({where: content, name: SPAM}, "Add The Pain of QuillNet-7B")
    assert_refused(server, server.push(), SPAM_NAME)


def test_config_pushed_earlier_does_not_switch_detection_off(server):
    server.commit({".spamgate.toml": HOSTILE_SPAMGATE_TOML,
                   "pyproject.toml": "[tool.spamgate]\n" + HOSTILE_SPAMGATE_TOML.split("[thresholds]")[0]},
                  "Add project configuration")
    assert_accepted(server.push())
    server.commit({SPAM_NAME: SPAM}, "Add The Pain of QuillNet-7B")
    assert_refused(server, server.push(), SPAM_NAME)


@pytest.mark.parametrize("content", [
    b"select = [\n[[[ not toml",
    b"\x00\x01\x02\xff\xfe",
    b"ignore = " + b"[" * 20000 + b"]" * 20000 + b"\n",
    b"[tool.spamgate]\nfrobnicate = true\n",
])
def test_broken_config_in_push_does_not_break_the_hook(server, content):
    server.commit({".spamgate.toml": content, "pyproject.toml": content, HAM_NAME: HAM}, "Add configuration")
    assert_accepted(server.push())


# --------------------------------------------------------------------------- inline suppressions

def _suppressed(text: str) -> str:
    codes = ",".join(ALL_CODE_PREFIXES)
    lines = [f"<!-- spamgate: ignore-file[{codes}] -->", f"# spamgate: ignore-file[{codes}]"]
    for line in text.splitlines():
        lines.append(f"<!-- spamgate: ignore-next-line[{codes}] -->")
        lines.append(f"{line} <!-- spamgate: ignore[{codes}] -->" if line.strip() else line)
    return "\n".join(lines) + "\n"


def test_inline_suppressions_do_not_switch_detection_off(server):
    server.commit({SPAM_NAME: _suppressed(SPAM)}, "Add The Pain of QuillNet-7B")
    assert_refused(server, server.push(), SPAM_NAME)


# --------------------------------------------------------------------------- volume and shape

def _many_files(n: int, spam_at: int | None) -> dict[bytes, bytes]:
    files = {}
    for i in range(n):
        files[b"pages/%03d/note-%06d.md" % (i % 997, i)] = b"# Note %d\n\nMeeting notes for item %d: all done.\n" % (i, i)
    if spam_at is not None:
        files[b"pages/%03d/%s" % (spam_at % 997, SPAM_NAME.encode())] = SPAM.encode()
    return files


@pytest.mark.parametrize("n", [10_000])
def test_huge_tree_with_one_spam_page_is_refused(server, n):
    start = time.monotonic()
    server.fast_commit(_many_files(n, spam_at=n // 2), "Import notes")
    built = time.monotonic() - start
    start = time.monotonic()
    result = server.push()
    elapsed = time.monotonic() - start
    assert_refused(server, result, SPAM_NAME)
    assert elapsed < (60 if n <= 10_000 else 300), f"push of {n} files took {elapsed:.1f}s (built in {built:.1f}s)"


@pytest.mark.parametrize("n", [10_000])
def test_huge_clean_tree_is_accepted_within_the_budget(tmp_path, n):
    """A huge legitimate push neither breaks the hook nor outlives its budget
    (on a slow machine the budget may run out: then what was not judged is queued)."""
    server = Server(tmp_path, 'time_budget = 60\n')
    server.fast_commit(_many_files(n, spam_at=None), "Import notes")
    start = time.monotonic()
    result = server.push()
    elapsed = time.monotonic() - start
    assert_accepted(result)
    assert elapsed < 60 + 30, f"push of {n} files took {elapsed:.1f}s on a 60 s budget"


def test_volume_does_not_hide_spam_under_the_default_budget(tmp_path):
    server = Server(tmp_path, "")  # the server defaults
    server.fast_commit(_many_files(10_000, spam_at=5_000), "Import notes")
    assert_refused(server, server.push(), SPAM_NAME)


def test_spam_at_the_bottom_of_deep_nesting_is_refused(server):
    deep = b"/".join(b"d%d" % i for i in range(400))  # ~2,000-byte path
    server.fast_commit({deep + b"/" + SPAM_NAME.encode(): SPAM.encode(), b"x/" * 200 + b"ok.md": HAM.encode()},
                       "Add The Pain of QuillNet-7B")
    # The reported path is shortened; the push must still be refused.
    assert_refused(server, server.push())


HOSTILE_NAMES = [
    "The-Pain\u202eof-QuillNet-7B.md",  # right-to-left override
    "The-Pain-of\x1b[2J\x1b[31mQuillNet-7B.md",  # terminal escape sequences
    "The-Pain-of\nQuillNet-7B\tpage.md",  # newline and tab
    "\u2066The-Pain-of-QuillNet-7B\u2069\u200b.md",  # isolates, zero-width space
    "The-Pain-of-QuillNet-7B\x07\x08\x7f.md",  # bell, backspace, delete
    "The\u2028Pain\x85of QuillNet-7B.md",  # line separators other than LF
]


def test_spam_under_hostile_file_names_is_refused_and_output_is_safe(server):
    server.fast_commit({name.encode(): SPAM.encode() for name in HOSTILE_NAMES}, "Add The Pain of QuillNet-7B")
    result = server.push()
    assert_refused(server, result)


def test_clean_files_under_hostile_names_are_accepted(server):
    names = HOSTILE_NAMES + ["caf\udce9.md", "-rf.md", "--help.md", " .md", "a\\b.md", '"quoted".md']
    server.fast_commit({os.fsencode(name): HAM.encode() for name in names}, "Add notes")
    assert_accepted(server.push())


def test_hostile_commit_message_is_shown_safely(server):
    message = "Add The Pain of QuillNet-7B \x1b[2J\u202e\x07\n\nbody \x1b]0;title\x07"
    server.commit({SPAM_NAME: SPAM}, message)
    assert_refused(server, server.push(), SPAM_NAME)


@pytest.mark.parametrize("message", [b"Add caf\xe9 notes\n\nlatin-1 body \xff\xfe", b"\xff\xfe\x00A\x00d\x00d\x00",
                                     b"Add notes\x00hidden"], ids=["latin-1", "utf-16ish", "nul"])
def test_commit_message_that_is_not_utf8(server, message):
    server.fast_commit({HAM_NAME.encode(): HAM.encode()}, message)
    assert_accepted(server.push())
    server.fast_commit({SPAM_NAME.encode(): SPAM.encode()}, message)
    assert_refused(server, server.push(), SPAM_NAME)


# --------------------------------------------------------------------------- hostile ref names

@pytest.mark.parametrize("ref", [
    "refs/heads/a\u2028b",  # splits a line for str.splitlines
    "refs/heads/feature\x85x",  # NEL in UTF-8
    "refs/heads/caf\udce9",  # not UTF-8 at all
    "refs/heads/\u202eevil",
    "refs/notes/spam",
    "refs/whatever/x",
])
def test_hostile_ref_name_does_not_let_spam_through(server, ref):
    """Spam pushed to main together with a branch whose name is hostile: the
    odd ref must neither break the hook (and so fall back to accepting) nor
    hide the spam."""
    server.commit({SPAM_NAME: SPAM}, "Add The Pain of QuillNet-7B")
    refname = os.fsencode(ref)
    assert subprocess.run(["git", "check-ref-format", refname], capture_output=True).returncode == 0
    result = server.push("HEAD:refs/heads/main", b"HEAD:" + refname)
    assert_refused(server, result, SPAM_NAME)


def test_ten_thousand_refs_with_spam_on_one(server):
    server.commit({HAM_NAME: HAM}, "Document installation")
    clean = git("rev-parse", "HEAD", cwd=server.client).strip()
    spam = server.commit({SPAM_NAME: SPAM}, "Add The Pain of QuillNet-7B")
    refs = "".join(f"create refs/heads/b{i:05d} {clean}\n" for i in range(10_000))
    refs += f"create refs/heads/z-spam {spam}\n"
    git("update-ref", "--stdin", cwd=server.client, input=refs.encode())
    start = time.monotonic()
    result = server.push("refs/heads/*:refs/heads/*")
    assert time.monotonic() - start < 120
    assert_refused(server, result, SPAM_NAME)


# --------------------------------------------------------------------------- server faults

FAULT_INJECTOR = '''\
import os

if os.environ.get("SPAMGATE_TEST_FAULT"):
    import spamgate.registry as registry
    from spamgate.model import Check, Rule

    _real = registry.all_rules

    def _boom(document):
        if "TRIGGER-RULE-FAULT" in document.text:
            raise RuntimeError("injected rule failure")
        return ()

    _faulty = Rule(id="zz_injected_fault",
                   checks=(Check("SG998", "injected-fault", "error", 1.0, 1.0, "test fault", "test fault", "test fault", "test fault"),), run=_boom)

    def all_rules():
        return tuple(_real()) + (_faulty,)

    all_rules.cache_clear = _real.cache_clear
    registry.all_rules = all_rules
'''


def _faulty_server(root: Path, config: str) -> Server:
    """A server whose hook runs with one extra rule that raises on a trigger word."""
    inject = root / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FAULT_INJECTOR)
    server = Server(root, config)
    hook = server.bare / "hooks" / "pre-receive"
    hook.write_text(f'#!/bin/sh\nSPAMGATE_TEST_FAULT=1 PYTHONPATH="{inject}" exec "{sys.executable}" '
                    f'-m spamgate pre-receive --config "{server.config}"\n')
    return server


def _log_records(server: Server) -> list[dict]:
    import json

    if not server.log.exists():
        return []
    return [json.loads(line) for line in server.log.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("policy", ["queue", "refuse"])
def test_rule_crash_leaves_the_document_unjudged_under_the_policy_and_is_logged(tmp_path, policy):
    server = _faulty_server(tmp_path, f'on_unjudged = "{policy}"\nstate_dir = "{tmp_path / "state"}"\n')
    server.commit({HAM_NAME: HAM + "\nTRIGGER-RULE-FAULT\n"}, "Document installation")
    result = server.push()
    assert "Traceback" not in result.stderr
    assert_output_safe(result)
    if policy == "queue":
        assert result.returncode == 0, result.stderr
        assert len(list((tmp_path / "state" / "queue").glob("*.json"))) == 1
    else:
        assert result.returncode != 0, result.stderr
    assert "could not be checked for spam (rule zz_injected_fault failed on docs/install.md" in result.stderr
    records = _log_records(server)
    assert records, "the rule failure was not logged"
    assert "injected rule failure" in str(records[-1]), records[-1]


def test_rule_crash_does_not_let_spam_through(tmp_path):
    server = _faulty_server(tmp_path, 'on_unjudged = "queue"\n')
    server.commit({SPAM_NAME: SPAM + "\nTRIGGER-RULE-FAULT\n"}, "Add The Pain of QuillNet-7B")
    assert_refused(server, server.push(), SPAM_NAME)


def test_refused_push_leaves_the_repository_untouched(server):
    def tree():
        out = {}
        for dirpath, dirnames, filenames in os.walk(server.bare):
            for name in dirnames:  # git itself adds and removes its quarantine under objects/
                out[os.path.join(dirpath, name)] = "dir"
            for name in filenames:
                p = os.path.join(dirpath, name)
                st = os.lstat(p)
                out[p] = (st.st_mode, st.st_size, st.st_mtime_ns)
        return out

    before = tree()
    server.commit({SPAM_NAME: SPAM, ".spamgate.toml": HOSTILE_SPAMGATE_TOML}, "Add The Pain of QuillNet-7B")
    assert_refused(server, server.push(), SPAM_NAME)
    assert tree() == before


# Shapes that once made single regular-expression calls run for seconds: a
# heading of backticks, a run of blanks before a paragraph, a run of full stops.
REGEX_BOMBS = {
    b"backticks.md": b"# " + b"`" * 7900 + b"\n\nbody\n",
    b"blanks.md": b"Intro.\n\n" + b"\t" * 60000 + b"y\n" + b"end.\n" * 3,
    b"stops.md": b"Hello there" + b"." * 60000 + b"x\n",
    b"emphasis.md": b"# " + b"*_" * 3000 + b"\n\n" + b"**a " * 10000 + b"\n",
    b"brackets.md": b"<" * 50000 + b"\n" + b"[" * 50000 + b"](" * 20000 + b"\n",
}


def test_regex_bomb_push_stops_within_the_budget(tmp_path):
    """One long regular-expression call holds the interpreter, so the budget can
    only hold if no pattern backtracks: the hook must decide in time either way."""
    server = Server(tmp_path, 'time_budget = 3\non_unjudged = "refuse"\nmax_blob_size = 4000000\n')
    server.fast_commit(REGEX_BOMBS, "Add pages")
    start = time.monotonic()
    result = server.push()
    elapsed = time.monotonic() - start
    assert elapsed < 3 + 4, f"the hook ran {elapsed:.1f}s on a 3 s budget"
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        assert "(the time budget of 3 s ran out)" in result.stderr, result.stderr
