#!/usr/bin/env bash
# Install bantin into ./.venv, a virtual environment made with `python3 -m venv` (Debian's
# Python refuses `pip install` outside one, PEP 668). `bash install.sh` installs what
# building needs; `bash install.sh test` adds the test extras (tests/install.sh does that).
# pip runs only when pyproject.toml changed since the last install (or .venv is missing or
# broken), so running this again costs a fraction of a second.
set -euo pipefail
cd "$(dirname "$0")"
export PIP_DISABLE_PIP_VERSION_CHECK=1

extras="${1:-}"
case "$extras" in
  "") spec="." ;;
  test) spec=".[test]" ;;
  *) echo "usage: bash install.sh [test]" >&2; exit 2 ;;
esac

venv=.venv
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
installed() { [ "$(cat "$venv/.bantin-$1" 2>/dev/null)" = "$want" ]; }

if [ -e "$venv" ] && { [ ! -e "$venv/bin/pip" ] || ! "$venv/bin/python" -c "" 2>/dev/null; }; then
  echo "install.sh: $venv is broken (no pip, or its Python is gone); making it again" >&2
  rm -rf "$venv"
fi
if [ -x "$venv/bin/python" ]; then
  if installed test || { [ -z "$extras" ] && installed base; }; then
    exit 0  # up to date
  fi
else
  if ! python3 -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>/dev/null; then
    found="$(python3 --version 2>&1 | head -n 1 || true)"
    echo "install.sh: bantin needs Python 3.11 or newer as python3 (found: ${found:-nothing})" >&2
    exit 1
  fi
  if ! python3 -m venv "$venv" >/dev/null 2>&1 || [ ! -x "$venv/bin/pip" ]; then
    rm -rf "$venv"
    echo "install.sh: python3 could not make a virtual environment;" \
         "install the venv module with: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi

what="bantin${extras:+ with its $extras extras}"
if [ -n "$extras" ] && installed base; then
  echo "Adding the $extras extras to bantin in $venv…"
elif [ -e "$venv/.bantin-base" ] || [ -e "$venv/.bantin-test" ]; then
  echo "pyproject.toml changed: updating $what in $venv…"
else
  echo "Installing $what into $venv (a few minutes the first time)…"
fi
rm -f "$venv/.bantin-base" "$venv/.bantin-test"
"$venv/bin/python" -m pip install -q -e "$spec"
echo "$want" > "$venv/.bantin-base"
[ -n "$extras" ] && echo "$want" > "$venv/.bantin-$extras"
exit 0
