"""SQLAlchemy 2 typed models and the database engine; no Flask here."""

# Importing the model modules registers every table on Base.metadata.
from service.persistence import (
    certification,
    deployment,
    jobs,
    labels,
    models,
    pact,
    synergy,
    untp,
)

__all__ = [
    "certification",
    "deployment",
    "jobs",
    "labels",
    "models",
    "pact",
    "synergy",
    "untp",
]
