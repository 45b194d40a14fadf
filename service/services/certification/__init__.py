"""Certification: applications and their review, evidence, comments and the hash-chained audit
  trail.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `applications`: The certification workflow's use cases: apply, review, revise, decide, withdraw,
  comment.
- `audit`: Appending hash-chained audit events and verifying the chains.
- `evidence`: Evidence uploads: size-limited, content-type checked by their bytes, kept with
  SHA-256.
- `history`: Comments and the audit trail of an application: what was said and what happened.
- `quality_statement`: A GB/T 24067-style data-quality statement for the reviewer's sheet.
- `review_sheet`: Everything a reviewer needs to understand a footprint without leaving the
  application.
"""

__all__ = [
    "applications",
    "audit",
    "evidence",
    "history",
    "quality_statement",
    "review_sheet",
]
