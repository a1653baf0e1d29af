"""The push context of a document (SG501, SG502): who pushes it, to which repository."""
from __future__ import annotations

import pytest
from article_fixtures import README
from gitea_layout import clone_work, commit_file, gitea_env, host, push, remote_lines  # noqa: F401 (host)
from support import spamgate_json, write

from spamgate.model import Document, PushContext
from spamgate.rules import context

ARTICLE = """# Counterfeit Driving Licenses: Risks and Consequences

Counterfeit driving licenses are fake documents made to look like real ones. People buy them to dodge the
law, and police officers find them at traffic checks every week. Holding one is a crime in most countries.
See [our list of sellers](https://cheap-licenses.example.shop/list) for prices.
"""


def codes(text: str, ctx: PushContext | None, path: str = "Home.md") -> list[str]:
    return [f.code for f in context.find(Document(path, text, context=ctx))]


@pytest.mark.parametrize("pusher", ["counterfeitdrivinglicense", "counterfeit-driving-licenses-4u",
                                    "Counterfeit_Driving_License"])
def test_account_named_after_the_title_keyword(pusher):
    assert codes(ARTICLE, PushContext(pusher, pusher, "docs", True)) == ["SG501"]


def test_account_named_after_a_link_host():
    assert codes(ARTICLE, PushContext("cheaplicenses", "cheaplicenses", "notes", True)) == ["SG501"]


def test_repository_named_after_a_domain():
    ctx = PushContext("marta1990", "marta1990", "tutorial-emilianofl15.huicopper.com4614", True)
    found = list(context.find(Document("Home.md", README, context=ctx)))
    assert [f.code for f in found] == ["SG502"]
    assert found[0].location == "push" and "huicopper.com" in found[0].message


@pytest.mark.parametrize("ctx", [
    None,
    PushContext("alice", "alice", "road-safety", True),
    PushContext("", "", "", False),
    # a project named after what it documents is ordinary
    PushContext("alice", "tidyfmt", "tidyfmt", False),
])
def test_ordinary_pushes(ctx):
    assert codes(ARTICLE.replace("cheap-licenses", "example"), ctx) == []
    assert codes("# tidyfmt\n\ntidyfmt formats files.\n", ctx, "README.md") == []


def test_context_parsed_from_names():
    assert PushContext.parse("bob", "acme/docs.wiki") == PushContext("bob", "acme", "docs", True)
    assert PushContext.parse("", "acme/docs.git") == PushContext("", "acme", "docs", False)


# Suspicious on its own (a stock opening, a link farm's anchor and a promotional closer); spam when
# the account that pushes it is named after the host it promotes.
PROMOTED = ("Introduction\n\nIn the realm of natural language processing, FooBERT has emerged as a compact "
            "language model. Teams use FooBERT to classify support tickets ([visit the up coming internet "
            "site](https://foobert-guide.example.shop/tickets)), and the FooBERT tokenizer handles "
            "rare words well.\n\nIf you loved this article and you would like to get more info about FooBERT "
            "kindly visit our own web-site https://foobert-guide.example.shop/start.\n")


@pytest.mark.parametrize("pusher, refused", [("foobertguide", True), ("alice", False)])
def test_the_push_hook_judges_in_the_push_context(host, tmp_path, pusher, refused):
    wiki = host.repo("docs", "handbook", wiki=True)
    work = clone_work(tmp_path)
    commit_file(work, "notes.md", PROMOTED, "Add notes")
    proc = push(work, wiki, "HEAD:refs/heads/master", env=gitea_env("docs", "handbook", wiki=True, pusher=pusher))
    lines = remote_lines(proc)
    if refused:
        assert proc.returncode != 0 and lines[0].startswith("spamgate: push refused:"), proc.stderr
        assert any("SG501" in line for line in lines), lines
    else:
        assert proc.returncode == 0, proc.stderr


def test_check_options_set_the_context(tmp_path):
    path = write(tmp_path / "Home.md", ARTICLE)
    code, data = spamgate_json("--profile", "push", "--pusher", "counterfeitdrivinglicense", "--repository",
                               "counterfeitdrivinglicense/docs.wiki", str(path))
    found = {f["code"]: f for f in data["files"][0]["findings"]}
    assert found["SG501"]["location"] == "push" and found["SG501"]["line"] == 0
    code, data = spamgate_json("--profile", "push", str(path))
    assert "SG501" not in {f["code"] for f in data["files"][0]["findings"]}
