"""Background libraries: search, versions, the current version, and re-scoring BOMs on a version.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `current`: Which background library version new calculations use.
- `rescore`: Re-scoring every current BOM on a library version, chunk by chunk, resumably, in parts.
- `rescore_report`: A re-scoring job's report: CSV rows and a JSON summary, each body seeing its own
  labels.
- `rescore_results`: Reading a re-scoring job's results: counts by SQL aggregates, report rows by
  columns.
- `search`: Searching the reference library and listing the emission vocabulary.
- `versions`: Background library versions: loading, registering, choosing the current one,
  recomputing.
"""

__all__ = [
    "current",
    "rescore",
    "rescore_report",
    "rescore_results",
    "search",
    "versions",
]
