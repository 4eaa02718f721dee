#!/usr/bin/env bash
# Fuzzes the parsers of user files with Jazzer (app/src/test/java/aedmae/cli/UserFilesFuzzTest.java),
# each target for the maxDuration its @FuzzTest gives (60 s), one after the other.
#   tools/fuzz.sh                 all five targets
#   tools/fuzz.sh safetensors     one of: safetensors npyLabels matLabels textLabels configJson
# Inputs that break a promise are written to app/src/test/resources/aedmae/cli/UserFilesFuzzTestInputs/<target>/
# (commit them with the fix: the normal suite replays that folder); the generated corpus stays in app/.cifuzz-corpus/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
targets=("${@:-safetensors npyLabels matLabels textLabels configJson}")
for t in ${targets[@]}; do
  echo "== fuzzing $t"
  JAZZER_FUZZ=1 NVCC=none mvn -B -ntp -q ${MVN_OFFLINE:+-o} test -pl app -am -Dtest="UserFilesFuzzTest#$t" -Dsurefire.failIfNoSpecifiedTests=false
done
