#!/usr/bin/env bash
# A web host: gunicorn workers serving service:create_app() (deploy/gunicorn.conf.py).
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

# Refuse unsafe settings or a changed SERVICE_URL in one line, before starting anything.
python -m service.preflight
exec gunicorn --config deploy/gunicorn.conf.py 'service:create_app()'
