# Sourced by the release scripts: the version (wails.json's productVersion, the one place it
# is written), the commit and its date, and the Go linker flags that put them into the
# binary (app/version). Override VERSION in the environment for a test build.
VERSION="${VERSION:-$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)}"
if [ -z "$VERSION" ]; then
  echo "release-env: no productVersion in wails.json" >&2
  exit 1
fi
COMMIT=unknown
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
if git rev-parse --git-dir >/dev/null 2>&1; then
  COMMIT=$(git rev-parse HEAD)
  DATE=$(TZ=UTC git log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd)
  # Uncommitted changes to what goes into the binary are named, never hidden.
  if [ -n "$(git status --porcelain --untracked-files=no -- app main.go go.mod go.sum frontend/src wails.json 2>/dev/null)" ]; then
    COMMIT="$COMMIT-modified"
  fi
fi
LDFLAGS="-X dossier/app/version.version=$VERSION -X dossier/app/version.commit=$COMMIT -X dossier/app/version.date=$DATE"
export VERSION COMMIT DATE LDFLAGS
