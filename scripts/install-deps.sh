#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Dossier needs, by group. Idempotent:
# a machine that already has every package never touches apt.
#
#   scripts/install-deps.sh [base] [desktop] [browser] [xvfb] [dist]   (default: base)
set -euo pipefail

declare -A GROUPS_PKGS=(
  [base]="iso-codes tzdata poppler-utils fonts-dejavu-core git ca-certificates build-essential pkg-config"
  [desktop]="libgtk-3-dev libwebkit2gtk-4.1-dev"
  [browser]="chromium"
  [xvfb]="xvfb xauth xdotool imagemagick"
  # make dist: the Windows installer (makensis), the release signature (minisign), icon
  # sizes (ImageMagick); make dist-check: the .desktop entry, the installer's contents (7z)
  [dist]="nsis minisign imagemagick desktop-file-utils p7zip-full"
)

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(base)

wanted=()
for g in "${groups[@]}"; do
  if [ -z "${GROUPS_PKGS[$g]+x}" ]; then
    echo "install-deps: unknown group '$g' (known: ${!GROUPS_PKGS[*]})" >&2
    exit 2
  fi
  # shellcheck disable=SC2206
  wanted+=(${GROUPS_PKGS[$g]})
done

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${wanted[@]}"; do
    installed "$p" || missing+=("$p")
  done
else
  echo "install-deps: dpkg-query not found; not a Debian/Ubuntu system, skipping (${groups[*]})" >&2
  exit 0
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: ${groups[*]}: all present"
  exit 0
fi

echo "install-deps: ${groups[*]}: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-deps: not root and no sudo; please install: ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not available; please install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: installed ${missing[*]}"
