#!/usr/bin/env bash
# Debian packages the full test suite uses: chromium (browser tests, driven by Playwright) and
# postgresql (storage tests on PostgreSQL). Installs what is missing when it can (root or sudo);
# otherwise says so, and the tests that need them skip with the reason.
set -uo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "note: ${missing[*]} not installed and no root to install them; those tests will skip" >&2; exit 0
fi
echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "note: could not install ${missing[*]}; those tests will skip" >&2
exit 0
