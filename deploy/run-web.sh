#!/usr/bin/env bash
# A web host: gunicorn workers serving service:create_app() (deploy/gunicorn.conf.py).
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

exec gunicorn --config deploy/gunicorn.conf.py 'service:create_app()'
