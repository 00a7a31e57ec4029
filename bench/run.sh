#!/usr/bin/env bash
# Benchmark of maturity on synthetic organisations (see BENCHMARKS.md for recorded results).
# Usage: bench/run.sh [N ...]   (default: 100 1000 10000). Needs /usr/bin/time (Debian package `time`) and
# pdfinfo (poppler-utils). Builds the release binary, generates each organisation with `maturity bench-data`,
# then prints two tables:
#  1. load+validate, score, the HTML site alone (time, peak memory, files, size);
#  2. the full default build (site and every PDF; `--team-pdfs all` above 1,000 teams): wall time, peak memory,
#     the PDF step's wall time, the typst floor and the ratio of the two, and the pages per PDF kind;
#  3. peak memory per step: `validate`, `score --format json`, `build --only json` and `--only site` as
#     processes of their own, and the peak after each step of the full build (from `build -v`, which
#     closes every step with `  N ms, peak M MB`).
# The typst floor is the sum of the per-document typst compile+export times of a build on one thread
# (MATURITY_PDF_THREADS=1 RAYON_NUM_THREADS=1), divided by the number of cores.
# Set RETENTION=1 to also run the retention probe (bench/pdf_retention.rs) on 200 team reports.
# Set RECORDS=M for organisations whose assessed teams hold about M records each (`bench-data --records`;
# issue 15's held-out organisation had 180).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
cargo build --release --locked -q
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/maturity"
work="${BENCH_DIR:-$(mktemp -d)}"
cores=$(nproc)
export SOURCE_DATE_EPOCH=1790812800   # 2026-10-01: fixed "today"
as_of=2026-09-30

# Runs a command, prints "seconds max_rss_mb" from /usr/bin/time; its stderr is kept in $work/last.err.
measure() {
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; exit 1; }
  awk '{printf "%.2f %.0f", $1, $2/1024}' "$log"
  rm -f "$log"
}

# From `build -v` output: the PDF step's wall seconds, and typst's summed compile+export seconds.
pdf_step() { awk '/^rendering PDF reports$/{p=1} p&&/^  [0-9.]+ ms/{printf "%.2f", $1/1000; exit}' "$1"; }
# From `build -v` output: the peak (MB) of the process when step $2 ended.
step_peak() { awk -v s="$2" '$0==s{p=1;next} p&&/^  [0-9.]+ ms, peak /{print $(NF-1); exit}' "$1"; }
typst_sum() { sed -n 's/.*typst compile and export \([0-9.]*\) s in all.*/\1/p' "$1"; }

# Page counts of the PDFs under $1: "min-median-max".
pages() {
  find "$1" -name '*.pdf' -print0 | xargs -0 -r -n 50 -P "$cores" sh -c \
    'for f; do pdfinfo "$f" 2>/dev/null | awk "/^Pages:/{print \$2}"; done' sh |
    sort -n | awk '{a[NR]=$1} END {if (NR) printf "%d-%d-%d", a[1], a[int((NR+1)/2)], a[NR]; else printf "-"}'
}

site_rows=() pdf_rows=() mem_rows=()
for n in "${sizes[@]}"; do
  dir="$work/org-$n"
  "$bin" bench-data "$n" --out "$dir" ${RECORDS:+--records "$RECORDS"} >/dev/null 2>&1
  records=$("$bin" validate "$dir" 2>&1 | sed -n 's/.*group(s), \([0-9]*\) records.*/\1/p')
  read -r t_val rss_val <<<"$(measure "$bin" validate "$dir")"
  read -r t_score rss_score <<<"$(measure "$bin" score "$dir" --format json --as-of "$as_of")"
  read -r _ rss_json <<<"$(measure "$bin" build "$dir" --out "$work/json-$n" --only json --as-of "$as_of" -q)"
  rm -rf "$work/json-$n"
  read -r t_site rss_site <<<"$(measure "$bin" build "$dir" --out "$work/site-$n" --only site --as-of "$as_of" -q)"
  files=$(find "$work/site-$n" -type f | wc -l)
  size=$(du -sm "$work/site-$n" | cut -f1)
  rm -rf "$work/site-$n"
  site_rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s |' "$n" "$records" "$t_val" "$t_score" "$t_site" "$rss_site" "$files" "$size")")

  team_pdfs=auto; [ "$n" -le 1000 ] || team_pdfs=all
  out="$work/build-$n"
  read -r t_build rss_build <<<"$(measure "$bin" build "$dir" --out "$out" --as-of "$as_of" --team-pdfs "$team_pdfs" -v)"
  cp "$work/last.err" "$work/build-$n.log"
  step=$(pdf_step "$work/build-$n.log")
  share=$(awk -v s="$(typst_sum "$work/build-$n.log")" -v w="$step" -v c="$cores" 'BEGIN{printf "%.0f", 100*s/c/w}')
  pdfs=$(find "$out/reports" -name '*.pdf' | wc -l)
  p_exec=$(pages "$out/reports/executive-summary.pdf")
  p_group=$(pages "$out/reports/groups")
  p_team=$( [ -d "$out/reports/teams" ] && pages "$out/reports/teams" || echo "-")
  rm -rf "$out"
  # The floor: the same PDFs on one thread.
  MATURITY_PDF_THREADS=1 RAYON_NUM_THREADS=1 measure "$bin" build "$dir" --out "$work/floor-$n" --only pdf \
    --as-of "$as_of" --team-pdfs "$team_pdfs" -v >/dev/null
  rm -rf "$work/floor-$n"
  floor=$(awk -v s="$(typst_sum "$work/last.err")" -v c="$cores" 'BEGIN{printf "%.2f", s/c}')
  ratio=$(awk -v w="$step" -v f="$floor" 'BEGIN{printf "%.2f", w/f}')
  pdf_rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s%% | %s | %s | %s |' "$n" "$pdfs" "$t_build" "$rss_build" "$step" "$floor" "$ratio" "$share" "$p_exec" "$p_group" "$p_team")")
  log="$work/build-$n.log"
  mem_rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$n" "$rss_val" "$rss_score" "$rss_json" "$rss_site" \
    "$(step_peak "$log" "loading input")" "$(step_peak "$log" "scoring")" "$(step_peak "$log" "scoring history")" \
    "$(step_peak "$log" "rendering site")" "$(step_peak "$log" "rendering PDF reports")" "$rss_build")")
done

printf '| teams | records | validate s | score s | site s | site MB RSS | site files | site MB |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${site_rows[@]}"
echo
printf '| teams | PDFs | build s (site + PDFs) | build MB RSS | PDF step s | typst floor s | step / floor | typst share of step | executive pages | group pages | team pages |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n'
printf '%s\n' "${pdf_rows[@]}"
echo
printf '| teams | validate MB | score MB | build --only json MB | build --only site MB | build: after load | after score | after history | after site | after PDFs | whole build MB |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
printf '%s\n' "${mem_rows[@]}"

if [ -n "${RETENTION:-}" ]; then
  cargo build --release --locked -q --example pdf-retention
  probe="${CARGO_TARGET_DIR:-$PWD/target}/release/examples/pdf-retention"
  org="$work/org-${sizes[0]}"
  echo
  echo "retention probe, 200 team reports of $org, one thread:"
  "$probe" "$org" team 200 distinct 2>&1 >/dev/null
  "$probe" "$org" team 200 same 2>&1 >/dev/null
fi
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
