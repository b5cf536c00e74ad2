#!/bin/sh
# Instructions per evaluation of one scenario: callgrind's total for 12 passes minus that for 2,
# divided by 10 passes of 20,000 contexts. Single-threaded V8 with fixed seeds, so repeated runs
# agree to about 20 instructions per evaluation whatever the machine's load.
# Usage: bench/core-eval/count-instructions.sh S2   (after npm run build)
set -eu
here=$(dirname "$0")
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    node --single-threaded --expose-gc --hash-seed=1 --random-seed=1 "$here/instructions.js" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
low=$(count "$1" 2)
high=$(count "$1" 12)
echo "$1: $(( (high - low) / 200000 )) instructions per evaluation"
