#!/usr/bin/env bash
# Once per release, before the new web and worker processes start: migrate the database, then
# build (idempotently) the Brightway project and the current library's score table. This is the
# only step that writes to BRIGHTWAY_DIR; web hosts and workers read it.
#
# Output: one logfmt line per step on stdout (`step=db-upgrade status=ok seconds=4`), the
# commands' own output and logs on stderr. Exit status: 0 when every step succeeded, else the
# failed step's (the later steps do not run). Safe to run again after a failure.
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

step() {
  local name=$1 started status=0
  shift
  started=$(date +%s)
  "$@" >&2 || status=$?
  if [[ $status -eq 0 ]]; then
    echo "step=$name status=ok seconds=$(($(date +%s) - started))"
  else
    echo "step=$name status=failed exit=$status seconds=$(($(date +%s) - started))"
    exit "$status"
  fi
}

step preflight python -m service.preflight
step db-upgrade flask --app service db upgrade
step lca-bootstrap flask --app service lca bootstrap
