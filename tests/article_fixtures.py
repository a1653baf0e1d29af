"""Crafted documents for the spam-article tests: spam of the genre and legitimate look-alikes."""
from __future__ import annotations

# A filler report in the style of generated spam articles (plain ASCII).
REPORT = """Introduction

In the rapidly evolving field of machine learning, sequence models have changed how software reads
and writes text. This report delves into the design of the Perceiver encoder, its training recipe,
its strengths and its limits, and what it means for teams that deploy language tools at scale.

Background

Earlier systems processed words one at a time and struggled to keep track of long contexts. The
Perceiver encoder instead attends to a small latent array, which keeps memory use flat as inputs
grow. Researchers trained it on a broad mixture of web pages, books and source code, then tuned it
for summarisation, retrieval and question answering.

Architecture

The encoder stacks cross-attention blocks that read the input into the latent array, followed by
self-attention blocks that refine it. Because the latent array is fixed in size, the cost of each
layer no longer grows with the square of the input length. This is the property that makes the
design attractive for long documents and for audio.

Applications

Teams use the Perceiver encoder for document search, for tagging support tickets, and for
condensing meeting notes. Its modest memory needs let it run on a single graphics card, which
lowers the cost of experiments for small groups and universities.

Conclusion

The Perceiver encoder shows that careful attention design can tame long inputs without giving up
accuracy. As research continues, models of this kind will likely become a standard part of the
toolkit for anyone who builds language software.
"""

# Closers of the spam genre (crafted; KEYWORD never occurs in REPORT).
SPAM_CLOSERS = [
    "If you loved this article and you would like to get more info about "
    "[Nimbus-XL](http://blog.example.net/redirect?url=https://shop.example.com/nimbus) kindly visit our own web site.",
    "If you cherished this short article and you would certainly like to obtain more facts relating to "
    "Nimbus-XL [[pin.it](https://pin.it/8Zx2Qa1)] i implore you to check out our web-page.",
    "If ou want to read more in regards to Nimbus-XL check out our web site.",
    "If you have any concerns pertaining to where and how to use Nimbus-XL, you can contact us at our own web page.",
    "If you adored this write-up and you wish to receive more details regarding "
    '<a href="http://www.example.org/extern/link.php?url=https://shop.example.com">Nimbus-XL</a> please stop by the internet site.',
    "If you enjoyed this post and you would like to acquire much more information about Nimbus-XL "
    "https://bit.ly/3kQx9Lm please visit our webpage.",
    "If you liked this article and you would like to receive more information about Nimbus-XL please visit our website.",
]

# Calls to action that legitimate projects end with.
LEGIT_CLOSERS = [
    "For more information, visit our website: https://example.org",
    "## Sponsors\n\nIf you would like to support development, please consider "
    "[sponsoring us on GitHub](https://github.com/sponsors/example) or "
    "[donating via Open Collective](https://opencollective.com/example).",
    "If you find this project helpful, please give it a \u2b50 on GitHub!",
    "Star the repo if you like it!",
    "If you loved this article and you found it interesting, please share it with a friend.",
    "If you enjoyed this post, follow me on Mastodon for more like it.",
    "To learn more about our consulting services, visit our website.",
    "If you liked this guide and want to learn more about the project, check out the documentation at "
    "https://docs.example.org.",
    "Questions? Contact us at support@example.org or visit our website.",
]

README = """# tidyfmt

tidyfmt formats configuration files so that diffs stay small. It reads YAML, TOML and INI files,
sorts keys where the format allows it, and keeps comments next to the lines they describe.

## Installation

    pip install tidyfmt

## Usage

Run `tidyfmt check .` in a repository to list the files that would change, and `tidyfmt fix .` to
rewrite them. The exit status is 1 when a file needs formatting, so the command fits pre-commit
hooks and continuous integration.

## Configuration

Settings live in `pyproject.toml` under `[tool.tidyfmt]`: the indentation width, whether to sort
keys, and glob patterns of files to skip.
"""
