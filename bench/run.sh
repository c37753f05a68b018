#!/usr/bin/env bash
# Times `briefgen build` on synthetic sites of N briefs (default: 1000 10000 100000).
#
#   bench/run.sh [N ...]            RUNS=5 by default; HUGO=1 also times Hugo on the same articles
#                                   (into an empty folder), alternating with the fresh runs, and
#                                   prints the ratios; SHAPE=old for the earlier corpus (gen.py)
#
# Prints, per N: the median wall time of RUNS builds, CPU time (user+sys), peak RSS, ms per
# brief, output size, bytes per brief and file count — with --no-cache into an empty folder
# (bg-cold: every seed extracted, every page rendered), with the build cache kept into an
# empty folder (bg-fresh: what a publishing workflow with the cache restored does), with the
# build cache and the previous site of an earlier build (bg-warm: nothing changed), and after
# a one-note edit before each build (bg-edit, what an editor's rebuild does) — and the stage
# timings of a warm check. Sites are generated once into $BENCH_DIR (default
# /tmp/briefgen-bench; site-<N> for the new shape, site-old-<N> for SHAPE=old) and reused.
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

# Runs a command once, appending "wall user sys peak_kb" to the log file $1.
run_once() {
    local log=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$log.t" "$@" >/dev/null 2>"$log.err" || { cat "$log.err"; exit 1; }
    cat "$log.t" >>"$log"
}

# The runs in log file $1 as "median_wall cpu_of_median peak_kb".
summary() {
    local wall; wall=$(awk '{print $1}' "$1" | median)
    awk -v w="$wall" '$1==w {printf "%s %.2f %s\n", $1, $2+$3, $4; exit}' "$1"
}

# Prints one row of the table: tool, N, "wall cpu peak_kb", then the output's size and files.
row() {
    local tool=$1 n=$2 wall cpu peak; read -r wall cpu peak <<<"$3"; shift 3
    printf "%-8s %-8s %10s %9s %10d %10.3f %12s %12s %8s\n" "$tool" "$n" "$wall" "$cpu" $((peak / 1024)) \
        "$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * 1000 / n}')" "$@"
}

# The output folder's size in MiB, its bytes per brief (N = $2) and its file count.
output_size() {
    local bytes; bytes=$(du -sb --apparent-size "$1" | cut -f1)
    echo "$((bytes / 1048576)) $((bytes / $2)) $(find "$1" -type f | wc -l)"
}

printf "%-8s %-8s %10s %9s %10s %10s %12s %12s %8s\n" tool N "wall (s)" "CPU (s)" "peak MiB" "ms/brief" "output MiB" "bytes/brief" files
for n in "${SIZES[@]}"; do
    shape=${SHAPE:-new}
    name=$([ "$shape" = new ] && echo "$n" || echo "$shape-$n")
    site="$BENCH_DIR/site-$name"
    if [ ! -f "$site/.complete" ] || { [ -n "${HUGO:-}" ] && [ ! -d "$BENCH_DIR/hugo-$name" ]; }; then
        python3 bench/gen.py "$n" "$site" --shape "$shape" ${HUGO:+--hugo "$BENCH_DIR/hugo-$name"}
        touch "$site/.complete"
    fi
    hugo_site=""
    if [ -n "${HUGO:-}" ] && command -v hugo >/dev/null; then hugo_site="$BENCH_DIR/hugo-$name"; fi
    empty="$BENCH_DIR/empty-$name"
    logs=$(mktemp -d)
    # Without the cache into an empty folder (every seed extracted, every page rendered), then
    # with the cache kept into an empty folder, then into the site's own folder with the cache
    # warm (primed once), then with one note edited before each build. Hugo's runs (into an
    # empty folder) alternate with the cold and fresh ones, so that the ratios compare the same
    # minutes of a machine whose speed drifts.
    note=$(find "$site/content/annotations" -name '*.yaml' | sort | awk '{a[NR]=$0} END {print a[int(NR/2)]}')
    cp "$note" "$logs/note.yaml"
    for mode in cold fresh warm edit; do
        out=("--output" "$site/public"); [ $mode = cold ] || [ $mode = fresh ] && out=("--output" "$empty")
        if [ $mode = cold ]; then flags=(--no-cache); else flags=(); "$BIN" build --root "$site" "${out[@]}" >/dev/null 2>&1; fi
        for run in $(seq "$RUNS"); do
            if [ $mode = edit ]; then sed "0,/body: /s//body: Edited ($run). /" "$logs/note.yaml" >"$note"; fi
            if [ $mode = cold ] || [ $mode = fresh ]; then rm -rf "$empty" "$BENCH_DIR/.empty-$name".briefgen-*; fi
            run_once "$logs/$mode" "$BIN" build --root "$site" "${flags[@]}" "${out[@]}"
            if { [ $mode = cold ] || [ $mode = fresh ]; } && [ -n "$hugo_site" ]; then
                rm -rf "$hugo_site/public"
                run_once "$logs/hugo-$mode" hugo --source "$hugo_site" --quiet --destination "$hugo_site/public"
            fi
        done
        cp "$logs/note.yaml" "$note"
        row "bg-$mode" "$n" "$(summary "$logs/$mode")" $(output_size "${out[1]}" "$n")
    done
    rm -rf "$empty" "$BENCH_DIR/.empty-$name".briefgen-*
    if [ -n "$hugo_site" ]; then
        cat "$logs/hugo-cold" "$logs/hugo-fresh" >"$logs/hugo"
        row hugo "$n" "$(summary "$logs/hugo")" $(output_size "$hugo_site/public" "$n")
        for mode in cold fresh; do
            ratio=$(paste -d' ' "$logs/$mode" "$logs/hugo-$mode" | awk '{print $1 / $5}' | median)
            printf "    bg-%s / hugo, median of the alternating runs: %.2f\n" "$mode" "$ratio"
        done
    fi
    rm -rf "$logs"
    BRIEFGEN_TIMINGS=1 "$BIN" check --root "$site" 2>&1 | grep '^timing:' | sed 's/^/    /'
done
