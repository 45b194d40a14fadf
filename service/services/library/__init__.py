"""Background libraries: search, versions, the current version, and re-scoring BOMs on a version.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `current`: Which background library version new calculations use.
- `import_jobs`: A database import as a job (in-process or Celery) with progress, and its stored
  report files.
- `imports`: Importing a unit-process database as a library version, with its stored import report.
- `matching`: Matching library search words in English, Simplified and Traditional Chinese, and
  ranking.
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
    "import_jobs",
    "imports",
    "matching",
    "rescore",
    "rescore_report",
    "rescore_results",
    "search",
    "versions",
]
