# Sourced by the deploy scripts: work from the checkout, use its virtualenv, and read secrets
# that systemd passes as credentials (LoadCredential=) into the variables the service reads.
# shellcheck shell=bash

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -x .venv/bin/python ]]; then
  PATH="$PWD/.venv/bin:$PATH"
fi
export PATH
export GBA_ENV="${GBA_ENV:-production}"

# A credential file named like the variable in lower case with dashes (key-passphrase) wins
# over nothing, never over a variable already set. Values are never echoed.
if [[ -n "${CREDENTIALS_DIRECTORY:-}" ]]; then
  for name in KEY_PASSPHRASE SECRET_KEY DATABASE_URL METRICS_TOKEN REDIS_URL; do
    file="$CREDENTIALS_DIRECTORY/$(tr '[:upper:]_' '[:lower:]-' <<<"$name")"
    if [[ -z "${!name:-}" && -r "$file" ]]; then
      export "$name=$(<"$file")"
    fi
  done
fi
