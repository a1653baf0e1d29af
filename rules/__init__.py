"""Rule modules.  Each defines ``CHECKS`` and a pure ``check(document)``; see spamgate.registry."""
