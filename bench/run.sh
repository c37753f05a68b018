#!/usr/bin/env bash
# Times `briefgen build` on synthetic sites of N briefs (default: 1000 10000 100000).
#
#   bench/run.sh [N ...]            RUNS=5 by default; HUGO=1 also times Hugo on the same articles
#                                   (into an empty folder), alternating with the cold and fresh
#                                   runs, and prints the ratios; SHAPE=old for the earlier corpus
#   PROFILES="release dist" bench/run.sh 10000
#                                   the binaries of several cargo profiles (default: dist, the
#                                   published binaries' profile), their runs alternating, each on
#                                   its own copy of the site; prints the median ratio to the first
#   BINARIES="a/briefgen b/briefgen" PROFILES="a b" bench/run.sh 10000
#                                   the same with binaries built elsewhere (e.g. at two commits),
#                                   PROFILES naming them
#
# Prints, per N: the median wall time of RUNS builds, CPU time (user+sys), peak RSS, ms per
# brief, output size, bytes per brief and file count — with --no-cache into an empty folder
# (bg-cold: every seed extracted, every page rendered, what a publishing job without a cache
# does), with the build cache kept into an empty folder (bg-fresh: a job that restores
# .briefgen-cache/), with the build cache and the previous site of an earlier build (bg-warm:
# nothing changed), and after a one-note edit before each build (bg-edit, what an editor's
# rebuild does) — and the stage timings of a warm check. Sites are generated once into
# $BENCH_DIR (default /tmp/briefgen-bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/briefgen-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
read -r -a PROFILES <<<"${PROFILES:-dist}"

# One binary per profile, copied out of target/ so that a later build does not replace it.
BINS=()
if [ -n "${BINARIES:-}" ]; then
    read -r -a BINS <<<"$BINARIES"
    [ ${#BINS[@]} -eq ${#PROFILES[@]} ] || { echo "BINARIES and PROFILES must name as many" >&2; exit 2; }
else
    for p in "${PROFILES[@]}"; do
        cargo build --profile "$p" --quiet
        mkdir -p "$BENCH_DIR/bin"
        cp "target/$p/briefgen" "$BENCH_DIR/bin/briefgen-$p"
        BINS+=("$BENCH_DIR/bin/briefgen-$p")
    done
fi
BIN=${BINS[0]}
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
    printf "%-16s %-8s %10s %9s %10d %10.3f %12s %12s %8s\n" "$tool" "$n" "$wall" "$cpu" $((peak / 1024)) \
        "$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * 1000 / n}')" "$@"
}

# The output folder's size in MiB, its bytes per brief (N = $2) and its file count.
output_size() {
    local bytes; bytes=$(du -sb --apparent-size "$1" | cut -f1)
    echo "$((bytes / 1048576)) $((bytes / $2)) $(find "$1" -type f | wc -l)"
}

printf "%-16s %-8s %10s %9s %10s %10s %12s %12s %8s\n" tool N "wall (s)" "CPU (s)" "peak MiB" "ms/brief" "output MiB" "bytes/brief" files
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
    logs=$(mktemp -d)
    # Each profile after the first builds its own copy of the site (its build cache and output
    # are its own), and into its own empty folder.
    sites=("$site")
    for p in "${PROFILES[@]:1}"; do
        rm -rf "$site-$p" && cp -a "$site" "$site-$p" && sites+=("$site-$p")
    done
    # Without the cache into an empty folder (every seed extracted, every page rendered), then
    # with the cache kept into an empty folder, then into the site's own folder with the cache
    # warm (primed once), then with one note edited before each build. Hugo's runs (into an
    # empty folder) alternate with the cold and fresh ones, and the profiles' runs with each
    # other, so that the ratios compare the same minutes of a machine whose speed drifts.
    note=$(find "$site/content/annotations" -name '*.yaml' | sort | awk '{a[NR]=$0} END {print a[int(NR/2)]}')
    cp "$note" "$logs/note.yaml"
    for mode in cold fresh warm edit; do
        for i in "${!PROFILES[@]}"; do
            if [ $mode = cold ] || [ $mode = fresh ]; then out=(--output "${sites[$i]}.empty"); else out=(--output "${sites[$i]}/public"); fi
            if [ $mode = cold ]; then flags=(--no-cache); else flags=(); "${BINS[$i]}" build --root "${sites[$i]}" "${out[@]}" >/dev/null 2>&1; fi
        done
        for run in $(seq "$RUNS"); do
            for i in "${!PROFILES[@]}"; do
                s=${sites[$i]}
                if [ $mode = cold ] || [ $mode = fresh ]; then
                    out=(--output "$s.empty"); rm -rf "$s.empty" "$(dirname "$s")/.$(basename "$s").empty.briefgen-"*
                else
                    out=(--output "$s/public")
                fi
                if [ $mode = edit ]; then sed "0,/body: /s//body: Edited ($run). /" "$logs/note.yaml" >"$s${note#"$site"}"; fi
                run_once "$logs/$mode-$i" "${BINS[$i]}" build --root "$s" "${flags[@]}" "${out[@]}"
            done
            if { [ $mode = cold ] || [ $mode = fresh ]; } && [ -n "$hugo_site" ]; then
                rm -rf "$hugo_site/public"
                run_once "$logs/hugo-$mode" hugo --source "$hugo_site" --quiet --destination "$hugo_site/public"
            fi
        done
        for i in "${!PROFILES[@]}"; do
            s=${sites[$i]}
            cp "$logs/note.yaml" "$s${note#"$site"}"
            label=bg-$mode
            if [ ${#PROFILES[@]} -gt 1 ]; then label=$label/${PROFILES[$i]}; fi
            if [ $mode = cold ] || [ $mode = fresh ]; then dir="$s.empty"; else dir="$s/public"; fi
            row "$label" "$n" "$(summary "$logs/$mode-$i")" $(output_size "$dir" "$n")
        done
        for i in "${!PROFILES[@]}"; do
            [ "$i" -gt 0 ] || continue
            ratio=$(paste -d' ' "$logs/$mode-$i" "$logs/$mode-0" | awk '{print $1 / $5}' | median)
            cpu=$(paste -d' ' "$logs/$mode-$i" "$logs/$mode-0" | awk '{print ($2 + $3) / ($6 + $7)}' | median)
            printf "    %s / %s, median of the alternating runs: wall %.3f, CPU %.3f\n" \
                "${PROFILES[$i]}" "${PROFILES[0]}" "$ratio" "$cpu"
        done
    done
    for s in "${sites[@]}"; do rm -rf "$s.empty" "$(dirname "$s")/.$(basename "$s").empty.briefgen-"*; done
    if [ -n "$hugo_site" ]; then
        cat "$logs/hugo-cold" "$logs/hugo-fresh" >"$logs/hugo"
        row hugo "$n" "$(summary "$logs/hugo")" $(output_size "$hugo_site/public" "$n")
        for mode in cold fresh; do
            ratio=$(paste -d' ' "$logs/$mode-0" "$logs/hugo-$mode" | awk '{print $1 / $5}' | median)
            printf "    bg-%s / hugo, median of the alternating runs: %.2f\n" "$mode" "$ratio"
        done
    fi
    rm -rf "$logs"
    BRIEFGEN_TIMINGS=1 "$BIN" check --root "$site" 2>&1 | grep '^timing:' | sed 's/^/    /'
done
