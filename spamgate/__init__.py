"""spamgate: keep SEO spam and look-alike-character text out of git repositories."""

__version__ = "0.2.0"
