"""Settings: one declarative schema for the project and the server configuration.

``schema`` declares every setting once (its name in TOML, kind of value,
default, the scopes that read it, documentation and an example) and derives
the rest from the declarations: validation and its error messages, the typed
settings classes, ``--show-config`` (``show``) and the README reference
(``reference``).  ``kinds`` holds the kinds of value.
"""
