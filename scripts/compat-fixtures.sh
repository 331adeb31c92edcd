#!/usr/bin/env bash
# Writes testdata/compat/VERSION/: a bundle, a backup and a data directory as this release of
# Dossier writes them, with what they must read back as (expected.json). Every later version
# keeps testing that it imports and opens them (app/service/compat_test.go,
# app/store/compat_test.go; docs/compatibility.md).
#
# Run once per release, from the release's commit (make compat-fixtures). An older release's
# directory is never rewritten: it is the proof that today's Dossier still reads it.
#
#   scripts/compat-fixtures.sh [--force]     (--force: replace this version's directory)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="/usr/local/go/bin:${HOME:-/root}/go/bin:$PATH"
# shellcheck source=scripts/release-env.sh
source scripts/release-env.sh

out="testdata/compat/$VERSION"
if [ -e "$out" ] && [ "${1:-}" != "--force" ]; then
  echo "compat-fixtures: $out exists; fixtures of a release are not rewritten (--force replaces them)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -ldflags "$LDFLAGS" -o "$tmp/dossier" .
d() { DOSSIER_DATA="$1" "$tmp/dossier" "${@:2}"; }

sec="$tmp/secretariat" del="$tmp/delegate"
d "$sec" init --name "Secretariat of the Rabat Process" --role secretariat --delegation "Rabat Process" >/dev/null
d "$sec" identity --card "$tmp/secretariat.card" >/dev/null
d "$del" init --name "Amina Benali" --role delegate --delegation "Morocco" >/dev/null
d "$del" demo >/dev/null
d "$del" trust add "$tmp/secretariat.card" --yes >/dev/null  # a trust statement in the log
id=$(echo '{"title":"Coast guard training","status":"proposed","due":"2027-03-31","themes":["border_management"],"framework_items":["GCM-11"]}' |
  d "$del" record add commitment)
d "$del" record set "$id" status=agreed >/dev/null
d "$del" record add-to "$id" themes saving_lives_at_sea >/dev/null
# An attachment, so that the bundle and the backup are in the formats that carry files.
printf 'Memorandum of understanding on coast guard training\r\nDraft, Rabat, 2 December 2026\r\n' >"$tmp/MoU draft.txt"
d "$del" record attach "$id" "$tmp/MoU draft.txt" >/dev/null
sha=$(sha256sum "$tmp/MoU draft.txt" | cut -d' ' -f1)
gone=$(echo '{"title":"Côte d’Ivoire – Türkiye exchange (to delete)","status":"proposed"}' | d "$del" record add commitment)
d "$del" record delete "$gone" >/dev/null

rm -rf "$out"
mkdir -p "$out"
d "$del" identity --card "$out/delegate.card" >/dev/null
d "$del" export --all --out "$out/delegate.dossier" >/dev/null
d "$del" backup --out "$out/delegate.bak" >/dev/null
hash=$(d "$del" state-hash)
key=$(d "$del" identity --json | sed -n 's/.*"key_id": *"\([0-9A-F]*\)".*/\1/p')
ops=$(d "$del" check --json | sed -n 's/.*"ops": *\([0-9]*\).*/\1/p')
d "$del" check >/dev/null
cp -R "$del" "$out/delegate"
# The formats the files are in: the bundle's byte 8, the backup header's version, the store's.
bundle_format=$(od -An -tu1 -j8 -N1 "$out/delegate.dossier" | tr -d ' ')
backup_format=$(head -c 200 "$out/delegate.bak" | sed -n 's/^{"version":\([0-9]*\),.*/\1/p')
store_format=$("$tmp/dossier" version --json | sed -n 's/.*"store_format": *\([0-9]*\).*/\1/p')
[ -n "$bundle_format" ] && [ -n "$backup_format" ] && [ -n "$store_format" ] || { echo "compat-fixtures: could not read the formats" >&2; exit 1; }
chmod 600 "$out/delegate/identity.key"

cat >"$out/expected.json" <<EOF
{
  "comment": "written by scripts/compat-fixtures.sh with Dossier $VERSION ($COMMIT); a throwaway identity, its key is public on purpose",
  "version": "$VERSION",
  "made_by": "$VERSION",
  "key_id": "$key",
  "state_hash": "$hash",
  "ops": $ops,
  "formats": {"store": $store_format, "bundle": $bundle_format, "backup": $backup_format},
  "attachment": {"record": "$id", "sha256": "$sha"},
  "files": {"card": "delegate.card", "bundle": "delegate.dossier", "backup": "delegate.bak", "data_dir": "delegate"}
}
EOF
"$tmp/dossier" version >"$out/version.txt"
echo "compat-fixtures: wrote $out ($(du -sh "$out" | cut -f1)): $ops changes, state $hash"
