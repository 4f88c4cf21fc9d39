#!/bin/sh
# Install the Debian packages newsprint needs to build and test.
# Idempotent: prints nothing and does nothing when everything is present.
# Works as root or through sudo.
#
#   sh scripts/deps.sh          what `make`, `make check` and `make demo` need
#   sh scripts/deps.sh bench    also the peers `make bench` runs side by side:
#                               scikit-learn, and Node.js with npm unless a node
#                               and npm are already on the PATH
set -eu

PACKAGES="build-essential pkg-config clang libclang-rt-14-dev python3
libjansson-dev libutf8proc-dev libxxhash-dev libstemmer-dev libxml2-dev zlib1g-dev libcmark-dev
libsqlite3-dev libmicrohttpd-dev libicu-dev python3-distributed chromium"
if [ "${1:-}" = bench ]; then
    PACKAGES="$PACKAGES python3-sklearn"
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        PACKAGES="$PACKAGES nodejs npm"
    fi
fi

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps.sh: missing packages:$missing; run as root or install sudo" >&2
    exit 1
fi

echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null; then
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
