#!/usr/bin/env bash
# Fuzzes patkit's Jazzer targets for real (JAZZER_FUZZ=1): one or more Class#method, or all of them one after the
# other, each for DURATION. The normal build runs the same targets in regression mode only. See FUZZING.md.
#
#   ./fuzz.sh list                          every @FuzzTest, as "module Class#method"
#   ./fuzz.sh 10m TokenFormatFuzzTest#...   fuzz one target (several may follow)
#   ./fuzz.sh 10m all                       fuzz every target, one at a time
#
# DURATION is Jazzer's: 30s, 10m, 1h. New coverage goes to <module>/.cifuzz-corpus/ (not committed); a crashing
# input is written into the target's inputs directory under src/test/resources, so the next normal build replays
# it. Logs: target/fuzz-logs/. FUZZ_NICE (default 19) is the nice level, FUZZ_HEAP (default 2g) the heap.
set -euo pipefail
cd "$(dirname "$0")"

targets() {
  find . -path ./.git -prune -o -path '*/target/*' -prune -o -path '*/src/test/java/*' -name '*FuzzTest.java' \
      -print | sort | while read -r file; do
    module=${file#./}
    module=${module%%/src/test/java/*}
    class=$(basename "$file" .java)
    awk '/^[[:space:]]*@FuzzTest/ { pending = 1; next }
         pending && match($0, /void [A-Za-z0-9_]+[[:space:]]*\(/) {
           name = substr($0, RSTART + 5, RLENGTH - 5); sub(/[[:space:]]*\($/, "", name); print name; pending = 0 }' \
        "$file" | while read -r method; do
      echo "$module $class#$method"
    done
  done
}

fuzz_one() {
  local module=$1 target=$2 duration=$3
  local log="target/fuzz-logs/${target//#/-}.log"
  mkdir -p target/fuzz-logs
  echo "== fuzzing $target ($module) for $duration; log: $log"
  local status=0
  # Coverage guidance from patkit's classes (Jazzer's default: the class directories); the demo's targets also get it
  # from Jackson's parser, so that the fuzzer learns JSON. FUZZ_INSTRUMENT overrides (Jazzer globs, comma-separated).
  local instrument=${FUZZ_INSTRUMENT:-}
  if [ -z "$instrument" ] && [ "$module" = demo ]; then
    instrument='dev.patkit.**,com.fasterxml.jackson.core.**'
  fi
  local extra=()
  if [ -n "$instrument" ]; then
    extra+=("-Djazzer.instrument=$instrument")
  fi
  # test-compile builds the module and what it needs; surefire:test@default-test runs only the named target (the
  # servlet-filter module's second, Tomcat execution is not run).
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx${FUZZ_HEAP:-2g}" JAZZER_FUZZ=1 nice -n "${FUZZ_NICE:-19}" \
      ./mvnw -B -pl "$module" -am test-compile surefire:test@default-test \
      -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="$duration" \
      ${extra[@]+"${extra[@]}"} \
      >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|^== Java Exception|^INFO: Crash|Tests run:.*Fail' "$log" | tail -n 6
  if [ "$status" -ne 0 ]; then
    echo "!! $target: the fuzzer found something (or the build failed); see $log"
  fi
  return "$status"
}

if [ "${1:-}" = list ]; then
  targets
  exit 0
fi
if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
duration=$1
shift
all=$(targets)
if [ "$1" = all ]; then
  set -- $(echo "$all" | awk '{ print $2 }')
fi
failed=0
for target in "$@"; do
  line=$(echo "$all" | awk -v t="$target" '$2 == t { print; exit }')
  if [ -z "$line" ]; then
    echo "no such fuzz target: $target (./fuzz.sh list)" >&2
    exit 2
  fi
  fuzz_one "${line%% *}" "$target" "$duration" || failed=1
done
exit "$failed"
