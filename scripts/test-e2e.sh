#!/usr/bin/env bash
# End-to-end suites (docs/api.md, "Test ids"): the frontend driven in headless Chromium against
# `dossier serve`, and the real desktop window started under Xvfb, found with xdotool,
# screenshotted and clicked. Screenshots and the log go to artifacts/. Figures are printed as
# METRIC lines, never asserted. Missing chromium, Xvfb or xdotool is a failure:
# `make deps-test` installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

missing=()
for p in chromium Xvfb xdotool; do
  command -v "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-e2e: missing ${missing[*]}: run \`make deps-test\`" >&2
  exit 1
fi
if [ ! -f frontend/dist/index.html ]; then
  echo "test-e2e: frontend/dist is not built: run \`make frontend\`" >&2
  exit 1
fi

mkdir -p build/bin artifacts
go build -tags desktop,production,webkit2_41 -o build/bin/dossier .
go vet -tags e2e ./app/web/

# One test per line, so that adding one is a one-line change.
tests=(
  TestBrowserScenario
  TestBrowserBriefTrustSync
  TestBrowserFiles
  TestBrowserMoneyAndMeetings
  TestBrowserTalkingPointsAndDrafts
  TestBrowserFormValidation
  TestBrowserIndicatorPastItsBound
  TestBrowserCSV
  TestBrowserHistoryConcurrent
  TestBrowserMergeRules
  TestQuickSearch100k
  TestBrowserListBestMatch
  TestBrowserSymbolsSearchFindsNothing
  TestBundleSize
  TestWindowSmoke
  TestWindowCloseAsks
  TestWindowWalkEnglish
  TestWindowWalkFrench
  TestBrowserMapAndCharts
  TestBrowserScreens
  TestBrowserFrenchEverywhere
  TestBrowserImportPreview
  TestBrowserAttachments
  TestBrowserFileLimits
  TestBrowserBriefScreenMatchesPDF
  TestBrowserAbout
  TestBrowserCSVShapeInFrench
  TestBrowserCSVCellsInFrench
  TestBrowserCSVHostileFiles
  TestBrowserCSVFileWithAKindColumn
  TestBrowserCSVFrancCFAAndRefusedRow
  TestBrowserCSVSetBack
  TestBrowserCSVCountryCells
  TestBrowserCountryAddress
  TestBrowserHostileContactAddress
  TestBrowserCountriesWithRecords
  TestBrowserFrenchFiltersFit
  TestBrowserFrenchPackFits
  TestBrowserListDateFilters
  TestBrowserInterventionDateFilters
  TestBrowserInterventionCountries
  TestBrowserInterventionCountriesProposed
  TestBrowserRestoredDraftKeepsRemovedProposal
  TestBrowserEditingABlankTitledRecordAsksForATitle
  TestBrowserListExportRefusedFilterInFrench
  TestBrowserImportReportWords
  TestBrowserFocusedFieldNotUnderTheSaveBar
  TestBrowserListLabelAddsNothing
  TestBrowserFormFieldsShowWhole
  TestBrowserWordsOfConflictsMoneyAndCSV
  TestBrowserTrustConflictWords
  TestBrowserLongNameDownload
  TestBrowserPartyWithTwoRoles
  TestBrowserSecretariatWalkFrench
)
# Every e2e test is listed: one left out would never run.
for f in $(grep -ho '^func Test[A-Za-z0-9_]*' $(grep -lx '//go:build e2e' app/web/*_test.go) | sed 's/^func //'); do
  [[ " ${tests[*]} " == *" $f "* ]] || { echo "test-e2e: $f is not in the tests list of $0" >&2; exit 1; }
done
status=0
DOSSIER_DESKTOP_BIN="$PWD/build/bin/dossier" \
  go test -tags e2e -count=1 -v -timeout 20m -run "^($(IFS='|'; echo "${tests[*]}"))\$" ./app/web/ \
  >artifacts/e2e.log 2>&1 || status=$?
grep -E '^(=== RUN|--- (PASS|FAIL)|PASS$|FAIL|ok )|^\s+e2e_.*(failed|FAIL)' artifacts/e2e.log | grep -v '^\s*e2e_helpers_test.go:.*METRIC' || true
echo "-- figures (measured, not asserted):"
grep -E '^METRIC' artifacts/e2e.log | sed 's/^METRIC /  /' || true
if [ "$status" -ne 0 ]; then
  echo "test-e2e: FAILED (full log: artifacts/e2e.log; screenshots: artifacts/*.png)" >&2
  # A crash's cause is at its head, not in the goroutine dump's tail.
  grep -E -A14 'SIGSEGV|SIGABRT|^\s*panic:|fatal error:' artifacts/e2e.log | head -n 40 >&2 || true
  tail -n 40 artifacts/e2e.log >&2
  exit "$status"
fi
echo "test-e2e: ok (screenshots in artifacts/)"
