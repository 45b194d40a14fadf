#!/usr/bin/env bash
# Once per release, before the new web and worker processes start: migrate the database, then
# build (idempotently) the Brightway project and the current library's score table. This is the
# only step that writes to BRIGHTWAY_DIR; web hosts and workers read it.
set -euo pipefail
# shellcheck source=deploy/common.sh
source "$(dirname "$0")/common.sh"

flask --app service db upgrade
flask --app service lca bootstrap
