"""Accounts: organisations, users, API tokens, and the portals' read models.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `auth`: API tokens: issued once in clear, stored as SHA-256, resolved to a Caller.
- `organisations`: Creating organisations and users (the deployer's command-line verbs).
- `portal`: Read models of the web portals: what one page shows, gathered by one use case each.
"""

__all__ = [
    "auth",
    "organisations",
    "portal",
]
