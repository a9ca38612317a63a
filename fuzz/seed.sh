#!/bin/sh
# Builds the seed corpora of the fuzz targets in fuzz/corpus/ (not committed):
#   load, check: every fixtures/**/*.yaml and the in.yaml of every YAML test suite case;
#   rule:        the built-in rules and the organisation rules of the fixtures.
# The suite's folder is the first argument (default: ../shared/yaml-test-suite beside the
# repository). Run from anywhere: ./fuzz/seed.sh [SUITE]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:-$root/../shared/yaml-test-suite}
for target in load check rule; do mkdir -p "$root/fuzz/corpus/$target"; done
n=0
copy() { # file target
    n=$((n + 1))
    cp "$1" "$root/fuzz/corpus/$2/seed-$n"
}
for f in $(find "$root/fixtures" -name '*.yaml' | sort); do
    copy "$f" load
    copy "$f" check
done
if [ -d "$suite" ]; then
    for f in $(find "$suite" -name in.yaml | sort); do
        copy "$f" load
        copy "$f" check
    done
else
    echo "no YAML test suite at $suite: seeding from the fixtures only" >&2
fi
for f in $(find "$root/rules" "$root/fixtures" -name '*.rhai' | sort); do
    copy "$f" rule
done
for target in load check rule; do
    echo "$target: $(ls "$root/fuzz/corpus/$target" | wc -l) seeds"
done
