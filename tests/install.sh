#!/usr/bin/env bash
# Install what the tests need: Debian's Chromium (the browser tests drive /usr/bin/chromium through
# Playwright; nothing is downloaded by Playwright), and the project with its test extras in ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${BANTIN_CHROMIUM:-/usr/bin/chromium}" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
bash install.sh test
