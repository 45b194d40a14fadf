"""Background jobs (Celery in production, in-process for make run): issue 5."""
