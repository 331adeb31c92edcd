#!/usr/bin/env bash
# make dist-check: what a user gets from dist/ (docs/platforms.md, "What is checked"):
#
#   - the .deb installs with dpkg: into a temporary root (the default), or into this machine
#     (DIST_CHECK=system, as root: apt-get installs it with its dependencies, and it is
#     removed again afterwards unless it was installed before);
#   - every library the installed binary links to comes with the package's dependencies;
#   - the installed `dossier` runs: version, init, demo, brief (a PDF), check;
#   - the .desktop entry and the MIME types are valid, the icons are there;
#   - the installed window opens under Xvfb, alone and on a double-clicked bundle and card
#     (app/web/e2e_dist_test.go), screenshots in artifacts/installed-*.png;
#   - the Windows installer is a Windows program holding the executable built for it, a
#     64-bit GUI executable; it is not run (docs/platforms.md says what to try on Windows);
#   - SHA256SUMS matches the files, and its signature verifies when there is one.
#
# Not named test-*.sh on purpose: `make test` does not build or install packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/usr/local/go/bin:${HOME:-/root}/go/bin:$PATH"

say() { echo "dist-check: $*"; }
die() { echo "dist-check: FAILED: $*" >&2; exit 1; }

shopt -s nullglob
debs=(dist/dossier_*.deb)
setups=(dist/Dossier-*-setup.exe)
[ ${#debs[@]} -eq 1 ] || die "expected one dist/dossier_*.deb, found ${#debs[@]}: run \`make dist\`"
[ ${#setups[@]} -eq 1 ] || die "expected one dist/Dossier-*-setup.exe, found ${#setups[@]}: run \`make dist\`"
deb=${debs[0]} setup=${setups[0]}
tmp=$(mktemp -d)
mode=${DIST_CHECK:-root}
installed_before=""
we_installed=""
cleanup() {
  if [ -n "$we_installed" ] && [ -z "$installed_before" ]; then
    dpkg -r dossier >/dev/null 2>&1 && say "removed the package again (dpkg -r dossier)"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# ---- Checksums and signature ------------------------------------------------------------
(cd dist && sha256sum --quiet -c SHA256SUMS) || die "SHA256SUMS does not match dist/"
if [ -f dist/SHA256SUMS.minisig ]; then
  pub=build/release/dossier-release.pub
  if [ ! -f "$pub" ]; then
    key="${DOSSIER_RELEASE_KEY:-$HOME/.config/dossier/release/dossier-release.key}"
    pub="${key%.key}.pub"
  fi
  [ -f "$pub" ] || die "dist/SHA256SUMS.minisig is there but no public key to check it ($pub)"
  minisign -V -q -p "$pub" -m dist/SHA256SUMS || die "the signature of SHA256SUMS does not verify with $pub"
  say "SHA256SUMS and its signature verify ($pub)"
else
  say "SHA256SUMS verifies; it is NOT signed (no release key when it was built)"
fi

# ---- The .deb: its contents and metadata ------------------------------------------------
say "$deb: $(dpkg-deb -f "$deb" Package Version Architecture | paste -sd' ')"
depends=$(dpkg-deb -f "$deb" Depends)
case "$depends" in *libwebkit2gtk-4.1-0*) ;; *) die "Depends does not name libwebkit2gtk-4.1-0: $depends" ;; esac
# (Outputs are read from files: `cmd | grep -q` fails under pipefail when grep stops early.)
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/contents"
for f in ./usr/bin/dossier ./usr/share/applications/dossier.desktop ./usr/share/mime/packages/dossier.xml \
  ./usr/share/icons/hicolor/256x256/apps/dossier.png ./usr/share/icons/hicolor/48x48/apps/dossier.png ./usr/share/doc/dossier/changelog.gz; do
  grep -qx "$f" "$tmp/contents" || die "the package lacks $f"
done

# ---- Install ----------------------------------------------------------------------------
case "$mode" in
root)
  root="$tmp/root"
  mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
  touch "$root/var/lib/dpkg/status"
  # The temporary root has no packages, so its dependencies are checked against this
  # machine instead, below; the package has no maintainer scripts to run.
  dpkg --root="$root" --force-depends --force-not-root -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; die "dpkg -i into $root failed"; }
  [ "$(dpkg-query --root="$root" -W -f='${Status}' dossier)" = "install ok installed" ] || die "dpkg does not list dossier as installed in $root"
  bin="$root/usr/bin/dossier"
  say "installed with dpkg -i into the temporary root $root"
  ;;
system)
  [ "$(id -u)" -eq 0 ] || die "DIST_CHECK=system installs into this machine: run as root"
  if [ "$(dpkg-query -W -f='${Status}' dossier 2>/dev/null)" = "install ok installed" ]; then installed_before=yes; fi
  we_installed=yes
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; die "apt-get install ./$deb failed"; }
  [ "$(dpkg-query -W -f='${Status}' dossier)" = "install ok installed" ] || die "dpkg does not list dossier as installed"
  bin=/usr/bin/dossier
  root=""
  say "installed on this machine with apt-get install ./$deb (dpkg -i and its dependencies)"
  ;;
*) die "DIST_CHECK is root or system, not $mode" ;;
esac

# Every library the binary needs is found, and comes from a package the Depends bring in.
ldd "$bin" >"$tmp/ldd" || die "ldd $bin failed"
if grep -q 'not found' "$tmp/ldd"; then grep 'not found' "$tmp/ldd" >&2; die "libraries are missing"; fi
# Each dependency (or one of its alternatives, libgtk-3-0t64 | libgtk-3-0) is installed here.
have=()
IFS=',' read -ra groups <<<"$depends"
for g in "${groups[@]}"; do
  found=""
  IFS='|' read -ra alts <<<"$g"
  for a in "${alts[@]}"; do
    a=$(echo "$a" | sed 's/(.*)//; s/ //g')
    if [ "$(dpkg-query -W -f='${Status}' "$a" 2>/dev/null)" = "install ok installed" ]; then found=$a; break; fi
  done
  [ -n "$found" ] || die "no package of the dependency '$g' is installed on this machine"
  have+=("$found")
done
closure=$(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${have[@]}" 2>/dev/null |
  grep -v '^ ' | sed 's/:.*//' | sort -u)
missing=0
while read -r lib path; do
  [ -n "$path" ] || continue
  real=$(readlink -f "$path")
  owner=$(dpkg -S "$real" 2>/dev/null | head -1 | cut -d: -f1) || true
  [ -n "$owner" ] || owner=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) || true
  if [ -z "$owner" ] || ! grep -qx "$owner" <<<"$closure"; then
    echo "  $lib ($path) comes from '${owner:-no package}', which the dependencies do not bring" >&2
    missing=1
  fi
done < <(awk '/=>/ {print $1, $3}' "$tmp/ldd")
[ "$missing" -eq 0 ] || die "the Depends line does not cover every linked library"
say "every one of $(grep -c '=>' "$tmp/ldd") linked libraries comes with: $depends"

# ---- The installed program --------------------------------------------------------------
"$bin" version | sed 's/^/  /'
data="$tmp/data"
d() { DOSSIER_DATA="$data" "$bin" "$@"; }
d init --name "Secretariat of the Rabat Process" --role secretariat >/dev/null
d demo | sed 's/^/  /'
d brief --country LBY --out "$tmp/libya.pdf" | sed 's/^/  /'
[ "$(head -c 5 "$tmp/libya.pdf")" = "%PDF-" ] || die "the brief is not a PDF"
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext "$tmp/libya.pdf" "$tmp/libya.txt"
  grep -q 'Libya' "$tmp/libya.txt" || die "the brief of Libya does not name Libya"
fi
[ "$(d check | tail -1)" = OK ] || die "dossier check failed after demo"
say "installed dossier: version, init, demo, brief (PDF, $(du -h "$tmp/libya.pdf" | cut -f1)), check: OK"

# Desktop entry, MIME types, icons.
share="${root}/usr/share"
desktop-file-validate "$share/applications/dossier.desktop" || die "the .desktop entry is not valid"
grep -q '^Exec=dossier %f$' "$share/applications/dossier.desktop" || die "the .desktop entry does not pass the opened file"
if command -v update-mime-database >/dev/null 2>&1; then
  mime="$tmp/mime"
  mkdir -p "$mime/packages"
  cp "$share/mime/packages/dossier.xml" "$mime/packages/"
  update-mime-database "$mime" 2>"$tmp/mime.log" || { cat "$tmp/mime.log" >&2; die "update-mime-database refuses dossier.xml"; }
  for t in vnd.dossier.bundle vnd.dossier.card; do
    [ -f "$mime/application/$t.xml" ] || die "the MIME type application/$t is not defined"
  done
  grep -q 'DOSSIER' "$mime/magic" || die "the bundle's magic bytes are not registered"
fi
[ "$(identify -format '%wx%h' "$share/icons/hicolor/256x256/apps/dossier.png")" = 256x256 ] || die "the 256 px icon is not 256 px"
say ".desktop entry, MIME types (.dossier, .card) and icons are valid"

# ---- The installed window, under Xvfb ---------------------------------------------------
fixture=$(ls -d testdata/compat/*/ | sort -V | tail -1)  # the newest release's
say "opening the installed window under Xvfb (alone, on ${fixture}delegate.dossier, on ${fixture}delegate.card)"
DOSSIER_INSTALLED_BIN="$bin" DOSSIER_CHECK_BUNDLE="$PWD/${fixture}delegate.dossier" DOSSIER_CHECK_CARD="$PWD/${fixture}delegate.card" \
  go test -tags e2e,dist -count=1 -v -timeout 10m -run '^TestInstalledWindow$' ./app/web/ >"$tmp/window.log" 2>&1 || {
  cat "$tmp/window.log" >&2
  die "the installed window test failed"
}
grep -E 'installed-|^(--- |ok )' "$tmp/window.log" | sed 's/^/  /'

# ---- The Windows installer --------------------------------------------------------------
desc=$(file -b "$setup")
case "$desc" in *"PE32 executable (GUI)"*"Nullsoft Installer self-extracting archive"*) ;; *) die "$setup is not an NSIS installer: $desc" ;; esac
say "$setup: $desc"
if command -v 7z >/dev/null 2>&1; then
  7z x -y -o"$tmp/setup" "$setup" >/dev/null || die "7z cannot open $setup"
  exe=$(find "$tmp/setup" -iname dossier.exe | head -1)
  [ -n "$exe" ] || die "the installer holds no dossier.exe"
  file -b "$exe" | grep -q 'PE32+ executable (GUI) x86-64' || die "the installed dossier.exe is not a 64-bit GUI executable: $(file -b "$exe")"
  say "the installer holds dossier.exe: $(file -b "$exe")"
else
  say "7z is not installed: the installer's contents were not listed (apt-get install p7zip-full)"
fi
say "OK"
