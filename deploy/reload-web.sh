#!/usr/bin/env bash
# Reload a web host without a stall (`systemctl reload gba-web`: ExecReload runs this with the
# gunicorn master's PID): replace the workers one at a time. Each round asks the master for one
# more worker (TTIN), waits until it has built the app (its ready mark in GUNICORN_READY_DIR,
# written by gunicorn.conf.py's post_worker_init), then retires the oldest (TTOU, graceful).
# The host keeps its full set of ready workers throughout; new workers load the new release.
# Output: one logfmt line per round on stdout. bench/reload.py measures it against HUP.
set -euo pipefail

master=${1:?usage: reload-web.sh MASTER_PID}
ready=${GUNICORN_READY_DIR:?GUNICORN_READY_DIR must name the workers ready-mark directory}
timeout=${GUNICORN_BOOT_TIMEOUT:-180}

count() { find "$ready" -maxdepth 1 -type f | wc -l; }
wait_for() {  # wait until the number of ready workers is $1 (or fail after $timeout s)
  local deadline=$((SECONDS + timeout))
  until [[ $(count) -eq $1 ]]; do
    if ((SECONDS > deadline)); then
      echo "reload status=failed reason=timeout ready=$(count) wanted=$1"
      exit 1
    fi
    sleep 0.2
  done
}

workers=$(count)
if ((workers == 0)); then
  echo "reload status=failed reason=no-ready-workers dir=$ready"
  exit 1
fi
for ((round = 1; round <= workers; round++)); do
  started=$SECONDS
  kill -TTIN "$master"
  wait_for $((workers + 1))
  kill -TTOU "$master"
  wait_for "$workers"
  echo "reload round=$round/$workers status=ok seconds=$((SECONDS - started))"
done
