"""Entry points: the ``spamgate`` command and its subcommands, one module each."""
