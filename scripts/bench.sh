#!/usr/bin/env bash
# make bench: every Go benchmark (BENCH, BENCHTIME), then the performance table of issue 9,
# each row beside the baseline its benchmark measured in the same run (a raw Badger write,
# a raw scan, Badger alone...), so that a loaded machine slows both alike, and peak RSS.
#
#   scripts/bench.sh [go test -bench pattern] [benchtime]
#   scripts/bench.sh --table FILE     only the table, from the output of an earlier run
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if [[ ${1:-} == --table ]]; then
	out=$2
else
	bench=${1:-.}
	benchtime=${2:-1x}
	out=$(mktemp)
	trap 'rm -f "$out"' EXIT
	go test -run '^$' -bench "$bench" -benchtime "$benchtime" -benchmem -timeout 60m ./... | tee "$out" || status=$?
fi

# metric NAME UNIT: the value a benchmark reported in that unit ("" when not run).
metric() {
	awk -v name="$1" -v unit="$2" '$1 ~ "^Benchmark" name "(-[0-9]+)?$" {
		for (i = 3; i < NF; i++) if ($(i+1) == unit) { v = $i }
	} END { print v }' "$out"
}

# row WHAT GOAL VALUE UNIT BASELINE-RATIO RATIO-UNIT PEAK [FLOOR]
row() {
	[[ -n $3 ]] || { printf '| %s | %s | not run |\n' "$1" "$2"; return; }
	local s="$3 $4"
	[[ -n $5 ]] && s+=", ${5}× $6"
	[[ -n ${8:-} ]] && s+=" (${8})"
	[[ -n $7 ]] && s+=", peak RSS of the process $7 MB"
	printf '| %s | %s | %s |\n' "$1" "$2" "$s"
}

# floor CPU-µs-A-CHANGE BASELINE-µs-A-CHANGE: the least ratio this code can reach here, the
# process CPU a change spread over every core against the baseline's time a change
# (docs/performance.md, "the floor on two cores"); "" when either is missing.
cores=$(nproc 2>/dev/null || echo 1)
floor() {
	[[ -n $1 && -n $2 ]] || return 0
	awk -v cpu="$1" -v base="$2" -v n="$cores" 'BEGIN { if (base > 0) printf "at least %.1f× with this CPU a change on %d cores", cpu / n / base, n }'
}

# The peer benchmark (../shared/bench, beside the repository when it is there): Automerge's
# load and merge of 2 x 100,000 field writes, run right after Dossier's, per change.
peer=""
peerdir="../shared/bench/automerge-merge"
if [[ ${1:-} != --table && -d $peerdir ]]; then
	peer=$(cd "$peerdir" && go run . 2>/dev/null | sed -n 's/.*load+merge: *\([0-9.]*\)\(m\?s\).*/\1 \2/p' | tail -1)
fi

echo
echo "## Issue 9 table (ratios against baselines measured in this run)"
echo
echo "| what | goal | measured |"
echo "|---|---|---|"
# per100k MS: a baseline in ms for 100,000 changes, in µs a change.
per100k() { [[ -n $1 ]] && awk -v ms="$1" 'BEGIN { print ms / 100 }'; return 0; }
row "import of 100k changes, 10 authors (BenchmarkImport100k)" "≤ 3× baseline, peak RSS ≤ 256 MiB" \
	"$(metric Import100k ops/s)" "ops/s" "$(metric Import100k x-baseline)" "SHA-256 + verifies + raw WriteBatch" "$(metric Import100k peak-RSS-MiB)" \
	"$(floor "$(metric Import100k cpu-µs/op)" "$(per100k "$(metric Import100k baseline-ms)")")"
row "import of the 10 delegates' 10k bundles as files, as \`dossier import\` (BenchmarkImportFiles10x10k)" "≤ 3× baseline" \
	"$(metric ImportFiles10x10k ops/s)" "ops/s" "$(metric ImportFiles10x10k x-baseline)" "SHA-256 + verifies + raw WriteBatch" "$(metric ImportFiles10x10k peak-RSS-MiB)" \
	"$(floor "$(metric ImportFiles10x10k cpu-µs/op)" "$(per100k "$(metric ImportFiles10x10k baseline-ms)")")"
files=$(metric ImportFiles10x10k ops/s)
if [[ -n $peer && -n $files ]]; then
	read -r t unit <<<"$peer"
	awk -v t="$t" -v unit="$unit" -v ops="$files" -v cpu="$(metric ImportFiles10x10k cpu-µs/op)" -v n="$cores" 'BEGIN {
		am = (unit == "ms" ? t / 1000 : t) / 200000 * 1e6; us = 1e6 / ops
		fl = cpu != "" ? sprintf(" (at least %.1f× with this CPU a change on %d cores)", cpu / n / am, n) : ""
		printf "| import per change beside Automerge'"'"'s load and merge, run in the same minute (../shared/bench) | ≤ 2× | %.1f µs against %.2f µs, %.1f×%s |\n", us, am, us / am, fl }'
else
	echo "| import per change beside Automerge's load and merge (../shared/bench) | ≤ 2× | not run (the peer benchmark is not beside the repository, or the import benchmark did not run) |"
fi
row "applying 100k local changes (BenchmarkApply100kLocalOps)" "≤ 5× raw WriteBatch" \
	"$(metric Apply100kLocalOps µs/op)" "µs per change ($(metric Apply100kLocalOps cpu-µs/op) µs CPU)" "$(metric Apply100kLocalOps x-raw-writebatch)" "a raw WriteBatch of the operation bytes" "$(metric Apply100kLocalOps peak-RSS-MB)" \
	"$(floor "$(metric Apply100kLocalOps cpu-µs/op)" "$(metric Apply100kLocalOps raw-µs/op)")"
row "opening a 100k store to the first list (BenchmarkOpenToFirstList)" "≤ 300 ms" \
	"$(metric OpenToFirstList open-to-list-ms)" "ms" "$(metric OpenToFirstList x-raw-scan)" "Badger opened and every summary read" ""
row "RSS idle after opening the 100k store (BenchmarkIdleRSS)" "≤ 100 MB" \
	"$(metric IdleRSS idle-RSS-MB)" "MB" "$(metric IdleRSS x-raw-badger)" "Badger alone, same directory" "$(metric IdleRSS peak-RSS-MB)"
row "list with filter and text query, 100k, p95 (BenchmarkListQuery100k)" "≤ 20 ms" \
	"$(metric ListQuery100k p95-ms)" "ms" "$(metric ListQuery100k x-scan)" "a plain scan of 100k titles in memory" ""
exit "$status"
