#!/usr/bin/env bash
# Benchmark of maturity on synthetic organisations (see BENCHMARKS.md for recorded results).
# Usage: bench/run.sh [N ...]   (default: 100 1000 10000). Needs /usr/bin/time (Debian package `time`).
# Builds the release binary, generates each organisation with `maturity bench-data`, then measures
# load+validate, score, the HTML site, PDFs, peak memory (max RSS) and output size.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
cargo build --release --locked -q
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/maturity"
work="${BENCH_DIR:-$(mktemp -d)}"
export SOURCE_DATE_EPOCH=1790812800   # 2026-10-01: fixed "today"
as_of=2026-09-30

# Runs a command, prints "seconds max_rss_mb" from /usr/bin/time.
measure() {
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>"$log.err" || { cat "$log.err" >&2; exit 1; }
  awk '{printf "%.2f %.0f", $1, $2/1024}' "$log"
  rm -f "$log" "$log.err"
}

printf '| teams | records | validate s | score s | site s | site MB RSS | site files | site MB | exec+group PDFs s | PDFs | team PDFs s (per PDF ms) | pdf MB RSS |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  dir="$work/org-$n"
  "$bin" bench-data "$n" --out "$dir" >/dev/null 2>&1
  records=$("$bin" validate "$dir" 2>&1 | sed -n 's/.*group(s), \([0-9]*\) records.*/\1/p')
  read -r t_val _ <<<"$(measure "$bin" validate "$dir")"
  read -r t_score _ <<<"$(measure "$bin" score "$dir" --format json --as-of "$as_of")"
  read -r t_site rss_site <<<"$(measure "$bin" build "$dir" --out "$work/site-$n" --only site --as-of "$as_of" -q)"
  files=$(find "$work/site-$n" -type f | wc -l)
  size=$(du -sm "$work/site-$n" | cut -f1)
  read -r t_pdf rss_pdf <<<"$(measure "$bin" build "$dir" --out "$work/pdf-$n" --only pdf --team-pdfs none --as-of "$as_of" -q)"
  pdfs=$(find "$work/pdf-$n" -name '*.pdf' | wc -l)
  team_col="skipped (N > ${TEAM_PDF_MAX:-100})"
  if [ "$n" -le "${TEAM_PDF_MAX:-100}" ]; then
    read -r t_team rss_team <<<"$(measure "$bin" build "$dir" --out "$work/teams-$n" --only pdf --team-pdfs all --as-of "$as_of" -q)"
    tp=$(find "$work/teams-$n/reports/teams" -name '*.pdf' | wc -l)
    per=$(awk -v t="$t_team" -v e="$t_pdf" -v n="$tp" 'BEGIN{printf "%.0f", (t-e)*1000/n}')
    team_col="$t_team ($per)"
    rss_pdf="$rss_pdf / $rss_team"
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$records" "$t_val" "$t_score" "$t_site" "$rss_site" "$files" "$size" "$t_pdf" "$pdfs" "$team_col" "$rss_pdf"
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
