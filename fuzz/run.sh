#!/usr/bin/env bash
# Long fuzz campaign: each target in turn (one at a time, at the lowest priority), SECONDS each.
# Usage: fuzz/run.sh SECONDS [TARGET ...]   (default: every target). Needs the `fuzz` extra.
# Writes fuzz/out/TARGET.log (libFuzzer's figures at the end) and any crash input to fuzz/out/TARGET/.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
SECONDS_EACH=${1:?usage: fuzz/run.sh SECONDS [TARGET ...]}
shift
TARGETS=${*:-$($PY -c 'import sys; sys.path.insert(0, "fuzz"); import targets; print(" ".join(targets.targets()[:-1]))')}
for target in $TARGETS; do
    mkdir -p "fuzz/out/$target" "fuzz/out/corpus/$target"
    $PY fuzz/harness.py seed "$target" "fuzz/out/seeds/$target" >/dev/null
    nice -n 19 $PY fuzz/harness.py "$target" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="fuzz/out/$target/" \
        "fuzz/out/corpus/$target" "fuzz/out/seeds/$target" >"fuzz/out/$target.log" 2>&1
    echo "$target: exit $? $(grep -E '^stat::number_of_executed_units|^Done' "fuzz/out/$target.log" | tr '\n' ' ')"
done
