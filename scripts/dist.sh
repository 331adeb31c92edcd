#!/usr/bin/env bash
# make dist: the release files in dist/ (docs/platforms.md):
#
#   dossier_VERSION_ARCH.deb                  Linux: the desktop binary, .desktop entry, icons,
#                                             file types; depends on libwebkit2gtk-4.1-0
#   Dossier-VERSION-windows-amd64-setup.exe   Windows: NSIS installer of the cross-built executable
#   SHA256SUMS                                the checksums of both
#   SHA256SUMS.minisig                        their minisign signature by the release key, when
#                                             the key is there ($DOSSIER_RELEASE_KEY, kept outside
#                                             the repository); without it, only the signature is
#                                             skipped, and this says so
#
# The Makefile installs the system packages first (scripts/install-deps.sh base desktop dist)
# and builds the frontend. Environment: VERSION (default: wails.json), DOSSIER_RELEASE_KEY,
# DOSSIER_RELEASE_KEY_PASSWORD (for a key with a password; else minisign asks).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/usr/local/go/bin:${HOME:-/root}/go/bin:$PATH"
# shellcheck source=scripts/release-env.sh
source scripts/release-env.sh

say() { echo "dist: $*"; }
die() { echo "dist: $*" >&2; exit 1; }

for tool in go dpkg-deb convert makensis sha256sum file; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run \`scripts/install-deps.sh base desktop dist\` (make dist does)"
done
[ -f frontend/dist/index.html ] || die "frontend/dist is not built: run \`make frontend\` (make dist does)"

arch=$(dpkg --print-architecture)
goarch=$(go env GOARCH)
[ "$arch" = "$goarch" ] || die "this machine is $arch and Go builds for $goarch: build the .deb on the architecture it is for"
# Windows versions have four numbers; a pre-release suffix (0.2.0-rc.1) is left out there.
IFS=. read -r v1 v2 v3 <<<"${VERSION%%[-+]*}"
version4="${v1:-0}.${v2:-0}.${v3:-0}.0"

work=$(mktemp -d)
syso=rsrc_windows_amd64.syso
trap 'rm -rf "$work"; rm -f "$syso"' EXIT
rm -rf dist
mkdir -p dist

# ---- Linux: the .deb --------------------------------------------------------------------
say "Dossier $VERSION ($COMMIT, $DATE)"
say "building the Linux desktop binary"
go build -trimpath -tags desktop,production,webkit2_41 -ldflags "$LDFLAGS -s -w" -o "$work/dossier" .
"$work/dossier" version | sed 's/^/  /'

stage="$work/deb"
install -D -m 0755 "$work/dossier" "$stage/usr/bin/dossier"
install -D -m 0644 build/linux/dossier.desktop "$stage/usr/share/applications/dossier.desktop"
install -D -m 0644 build/linux/dossier-mime.xml "$stage/usr/share/mime/packages/dossier.xml"
for size in 16 32 48 64 128 256 512; do
  dir="$stage/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  convert build/appicon.png -resize "${size}x${size}" -strip "$dir/dossier.png"
done
mkdir -p "$stage/usr/share/doc/dossier"
gzip -9n <CHANGELOG.md >"$stage/usr/share/doc/dossier/changelog.gz"
cat >"$stage/usr/share/doc/dossier/copyright" <<EOF
Dossier $VERSION
Copyright (c) Dossier team
Source: the Dossier repository, commit $COMMIT
EOF
chmod 0644 "$stage/usr/share/doc/dossier/"*
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$stage/usr/share/applications/dossier.desktop"
fi
# The window needs WebKitGTK 4.1 (which brings GTK 3, GLib and libsoup); scripts/dist-check.sh
# checks that every library the binary links to comes with these.
depends="libwebkit2gtk-4.1-0, libgtk-3-0t64 | libgtk-3-0, libc6"
mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<EOF
Package: dossier
Version: $VERSION
Architecture: $arch
Maintainer: Dossier team <dossier@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Section: misc
Priority: optional
Description: offline-first records of migration partnerships
 Delegates record partnerships, commitments, meetings and the talking points of
 interventions on laptops with no network, and exchange signed bundles; a
 secretariat imports and merges them, resolves conflicts and prints country
 briefs. The same program is the desktop window and the command line (dossier help).
EOF
deb="dist/dossier_${VERSION}_${arch}.deb"
# Every file dated at the commit, so the same commit makes the same package.
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(date -d "$DATE" +%s)
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
say "wrote $deb ($(du -h "$deb" | cut -f1))"

# ---- Windows: the installer -------------------------------------------------------------
say "building the Windows executable (cross-compiled, not run here: docs/platforms.md)"
convert build/appicon.png -define icon:auto-resize=256,128,64,48,32,16 "$work/dossier.ico"
# The executable's icon, manifest (per-monitor DPI, common controls 6) and version
# information, as a resource object the Go linker picks up for windows/amd64 only.
go run github.com/tc-hib/go-winres@v0.3.3 simply --arch amd64 --out rsrc --manifest gui \
  --icon build/appicon.png --product-name Dossier --file-description "Dossier" \
  --product-version "$version4" --file-version "$version4" --original-filename dossier.exe \
  --copyright "Copyright (c) Dossier team"
[ -f "$syso" ] || die "go-winres wrote no $syso"
# -H windowsgui: a GUI program, so no console flashes up from the Start menu; commands
# attach to the terminal that started them (app/console).
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -tags desktop,production \
  -ldflags "$LDFLAGS -s -w -H windowsgui" -o "$work/dossier.exe" .
rm -f "$syso"
file "$work/dossier.exe" | grep -q 'PE32+ executable (GUI) x86-64' || die "dossier.exe is not a 64-bit Windows GUI executable: $(file -b "$work/dossier.exe")"
sed 's/$/\r/' CHANGELOG.md >"$work/CHANGELOG.txt"
touch -d "@$SOURCE_DATE_EPOCH" "$work/dossier.exe" "$work/dossier.ico" "$work/CHANGELOG.txt"
setup="dist/Dossier-${VERSION}-windows-amd64-setup.exe"
makensis -V2 -DVERSION="$VERSION" -DVERSION4="$version4" -DEXE="$work/dossier.exe" \
  -DICON="$work/dossier.ico" -DCHANGELOG="$work/CHANGELOG.txt" -DOUTFILE="$PWD/$setup" build/windows/installer.nsi
say "wrote $setup ($(du -h "$setup" | cut -f1))"
sha256sum "$work/dossier.exe" | sed "s#  .*#  dossier.exe (inside the installer)#" >"$work/exe.sum"

# ---- Checksums and signature ------------------------------------------------------------
(cd dist && sha256sum -- *.deb *.exe >SHA256SUMS)
say "wrote dist/SHA256SUMS"
key="${DOSSIER_RELEASE_KEY:-$HOME/.config/dossier/release/dossier-release.key}"
if [ ! -f "$key" ]; then
  say "NOT SIGNED: no release key at $key (set DOSSIER_RELEASE_KEY to the minisign secret key, kept outside the repository; \`make release-key\` makes one). Everything else is built."
else
  repo=$(pwd -P)
  case "$(cd "$(dirname "$key")" && pwd -P)/" in
    "$repo"/*) die "the release key $key is inside the repository: move it outside (it must never be committed)" ;;
  esac
  command -v minisign >/dev/null 2>&1 || die "minisign is missing: run \`scripts/install-deps.sh dist\`"
  comment="Dossier $VERSION ($COMMIT, $DATE)"
  if [ -n "${DOSSIER_RELEASE_KEY_PASSWORD+x}" ]; then
    printf '%s\n' "$DOSSIER_RELEASE_KEY_PASSWORD" | minisign -S -s "$key" -m dist/SHA256SUMS -t "$comment" >/dev/null
  else
    minisign -S -s "$key" -m dist/SHA256SUMS -t "$comment"
  fi
  # Checked at once with the public key: the committed project key when there is one, else
  # the one beside the secret key.
  pub=build/release/dossier-release.pub
  [ -f "$pub" ] || pub="${key%.key}.pub"
  if [ -f "$pub" ]; then
    minisign -V -q -p "$pub" -m dist/SHA256SUMS || die "the signature does not verify with $pub: wrong key?"
    say "signed dist/SHA256SUMS (dist/SHA256SUMS.minisig), verified with $pub"
  else
    say "signed dist/SHA256SUMS (dist/SHA256SUMS.minisig); no public key found to verify it with"
  fi
fi
cat "$work/exe.sum" dist/SHA256SUMS | sed 's/^/  /'
