"""The push context of a document (SG501, SG502): who pushes it, to which repository."""
from __future__ import annotations

import pytest
from article_fixtures import README
from support import spamgate_json, write

from spamgate.model import Document, PushContext
from spamgate.rules import context

ARTICLE = """# Counterfeit Driving Licenses: Risks and Consequences

Counterfeit driving licenses are fake documents made to look like real ones. People buy them to dodge the
law, and police officers find them at traffic checks every week. Holding one is a crime in most countries.
See [our list of sellers](https://cheap-licenses.example.shop/list) for prices.
"""


def codes(text: str, ctx: PushContext | None, path: str = "Home.md") -> list[str]:
    return [f.code for f in context.check(Document(path, text, context=ctx))]


@pytest.mark.parametrize("pusher", ["counterfeitdrivinglicense", "counterfeit-driving-licenses-4u",
                                    "Counterfeit_Driving_License"])
def test_account_named_after_the_title_keyword(pusher):
    assert codes(ARTICLE, PushContext(pusher, pusher, "docs", True)) == ["SG501"]


def test_account_named_after_a_link_host():
    assert codes(ARTICLE, PushContext("cheaplicenses", "cheaplicenses", "notes", True)) == ["SG501"]


def test_repository_named_after_a_domain():
    ctx = PushContext("marta1990", "marta1990", "tutorial-emilianofl15.huicopper.com4614", True)
    found = list(context.check(Document("Home.md", README, context=ctx)))
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


def test_context_from_the_gitea_environment():
    env = {"GITEA_PUSHER_NAME": "bob", "GITEA_REPO_USER_NAME": "acme", "GITEA_REPO_NAME": "docs.wiki"}
    assert PushContext.from_gitea(env) == PushContext("bob", "acme", "docs", True)
    env = {"GITEA_PUSHER_NAME": "bob", "GITEA_REPO_USER_NAME": "acme", "GITEA_REPO_NAME": "docs",
           "GITEA_REPO_IS_WIKI": "true"}
    assert PushContext.from_gitea(env).wiki
    assert PushContext.from_gitea({"GITEA_REPO_NAME": "docs"}, "/srv/acme/docs.wiki.git").wiki
    assert PushContext.from_gitea({}) is None
    assert PushContext.parse("bob", "acme/docs.wiki") == PushContext("bob", "acme", "docs", True)


def test_check_options_set_the_context(tmp_path):
    path = write(tmp_path / "Home.md", ARTICLE)
    code, data = spamgate_json("--profile", "push", "--pusher", "counterfeitdrivinglicense", "--repository",
                               "counterfeitdrivinglicense/docs.wiki", str(path))
    found = {f["code"]: f for f in data["files"][0]["findings"]}
    assert found["SG501"]["location"] == "push" and found["SG501"]["line"] == 0
    code, data = spamgate_json("--profile", "push", str(path))
    assert "SG501" not in {f["code"] for f in data["files"][0]["findings"]}
