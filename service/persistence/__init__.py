"""SQLAlchemy 2 typed models and the database engine; no Flask here."""
