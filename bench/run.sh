#!/usr/bin/env bash
# Times `briefgen build` on synthetic sites of N briefs (default: 1000 10000 100000).
#
#   bench/run.sh [N ...]            RUNS=5 by default; HUGO=1 also times Hugo on the same articles
#
# Prints, per N: the median wall time of RUNS builds, CPU time (user+sys), peak RSS, ms per
# brief, output size and file count — once with --no-cache (bg-cold: every seed extracted)
# and once with the extraction cache warm (bg-warm) — and the stage timings of a warm check. Sites are
# generated once into $BENCH_DIR (default /tmp/briefgen-bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/briefgen-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)

cargo build --release --quiet
BIN=$PWD/target/release/briefgen
mkdir -p "$BENCH_DIR"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs a command RUNS times; prints "median_wall cpu_of_median peak_kb".
measure() {
    local log; log=$(mktemp)
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$log.t" "$@" >/dev/null 2>"$log.err" || { cat "$log.err"; exit 1; }
        cat "$log.t" >>"$log"
    done
    local wall; wall=$(awk '{print $1}' "$log" | median)
    awk -v w="$wall" '$1==w {printf "%s %.2f %s\n", $1, $2+$3, $4; exit}' "$log"
    rm -f "$log" "$log.t" "$log.err"
}

printf "%-8s %-8s %10s %9s %10s %10s %12s %8s\n" tool N "wall (s)" "CPU (s)" "peak MiB" "ms/brief" "output MiB" files
for n in "${SIZES[@]}"; do
    site="$BENCH_DIR/site-$n"
    if [ ! -f "$site/.complete" ] || { [ -n "${HUGO:-}" ] && [ ! -d "$BENCH_DIR/hugo-$n" ]; }; then
        python3 bench/gen.py "$n" "$site" ${HUGO:+--hugo "$BENCH_DIR/hugo-$n"}
        touch "$site/.complete"
    fi
    # Without the extraction cache (every seed extracted), then with it warm (primed once).
    for mode in cold warm; do
        if [ $mode = cold ]; then flags=(--no-cache); else flags=(); "$BIN" build --root "$site" >/dev/null 2>&1; fi
        read -r wall cpu peak < <(measure "$BIN" build --root "$site" "${flags[@]}")
        size=$(du -sm --apparent-size "$site/public" | cut -f1)
        files=$(find "$site/public" -type f | wc -l)
        printf "%-8s %-8s %10s %9s %10d %10.3f %12s %8s\n" "bg-$mode" "$n" "$wall" "$cpu" $((peak / 1024)) \
            "$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * 1000 / n}')" "$size" "$files"
    done
    BRIEFGEN_TIMINGS=1 "$BIN" check --root "$site" 2>&1 | grep '^timing:' | sed 's/^/    /'
    if [ -n "${HUGO:-}" ] && command -v hugo >/dev/null; then
        hsite="$BENCH_DIR/hugo-$n"
        read -r wall cpu peak < <(measure hugo --source "$hsite" --quiet --destination "$hsite/public")
        printf "%-8s %-8s %10s %9s %10d %10.3f\n" hugo "$n" "$wall" "$cpu" $((peak / 1024)) \
            "$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * 1000 / n}')"
    fi
done
