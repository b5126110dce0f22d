#!/usr/bin/env bash
# Install what the tests need: Debian's Chromium (the browser tests drive /usr/bin/chromium through
# Playwright; nothing is downloaded by Playwright), Debian's nginx (the self-hosting test serves
# the site with the server block the build writes), Debian's Node.js and npm (the web editor:
# Decap CMS and decap-server, exact versions from package-lock.json), and the project with its
# test extras in ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only what is missing: a machine may already have Node.js from elsewhere (NodeSource's
# nodejs carries npm and conflicts with Debian's npm package).
packages=""
[ -x "${BANTIN_CHROMIUM:-/usr/bin/chromium}" ] || packages="chromium"
[ -x /usr/sbin/nginx ] || packages="$packages nginx"
command -v npm >/dev/null || packages="$packages nodejs npm"
if [ -n "$packages" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # The tests start their own nginx on 127.0.0.1: the package's system service is not
  # started (policy-rc.d 101 = "do not start services", only while installing).
  no_start=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    no_start=1
    # Gone again even if apt-get fails: services must start on this machine later.
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
  if [ -n "$no_start" ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
fi
# npm ci only when the lockfile changed since the last install (it takes a minute).
lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.bantin-lock 2>/dev/null)" != "$lock" ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock" > node_modules/.bantin-lock
fi
bash install.sh test
