"""Rule modules.  Each defines ``CHECKS`` and a pure ``find(document)``; see spamgate.registry."""
