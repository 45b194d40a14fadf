#!/usr/bin/env bash
# A worker host: Celery workers running the service's jobs from Redis (JOBS_BACKEND=celery).
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

export JOBS_BACKEND="${JOBS_BACKEND:-celery}"
if [[ "$JOBS_BACKEND" != celery ]]; then
  echo "run-worker.sh: JOBS_BACKEND must be celery (it is $JOBS_BACKEND)" >&2
  exit 2
fi
# Refuse unsafe settings or a changed SERVICE_URL in one line, before starting anything.
python -m service.preflight
# Prefetch 1, late acknowledgement and rejection on worker loss are set in the Celery app.
exec celery --quiet --app service.jobs.celery_app worker \
  --loglevel "${LOG_LEVEL:-INFO}" \
  --concurrency "${CELERY_CONCURRENCY:-$(nproc)}" \
  --hostname "gba-worker@%h" \
  --without-gossip --without-mingle
