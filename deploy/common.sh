# Sourced by the deploy scripts: work from the checkout and use its virtualenv.
# shellcheck shell=bash
#
# Secrets are NOT exported here: systemd delivers them as credentials (LoadCredential=, files
# under $CREDENTIALS_DIRECTORY readable by the service alone) and the service reads them itself
# (service/credentials.py), so they stay out of the environment of every child process.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -x .venv/bin/python ]]; then
  PATH="$PWD/.venv/bin:$PATH"
fi
export PATH
export GBA_ENV="${GBA_ENV:-production}"
