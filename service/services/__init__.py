"""Use cases: one function per user intention; each takes a Session and commits its work."""
