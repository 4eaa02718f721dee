#!/usr/bin/env bash
# Runs the GPU tests and the GPU benchmarks from the bundle (tools/pack-bundle.sh), on a machine
# with CUDA and no Java. Run from the repository root with bundle/ present:
#
#   tools/gpu-run.sh [all|tests|bench|check] [--quick]
#
# Writes everything under $OUT (default out/gpu-run): env.txt (nvidia-smi, java, CUDA libraries),
# sass.txt (tensor-core instructions per kernel, when cuobjdump exists), tests.log and junit/
# (XML reports), kernel-bench.md, kernel-bench-torch.md and their logs. Prints a short summary
# last. Without a GPU it says so in one line and the GPU tests skip.
set -uo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
quick=""
[[ "${2:-}" == "--quick" || "${1:-}" == "--quick" ]] && quick="--quick"
[[ "$what" == "--quick" ]] && what=all
out="${OUT:-out/gpu-run}"
mkdir -p "$out"
java="bundle/jre/bin/java"
chmod u+x bundle/jre/bin/* bundle/jre/lib/jspawnhelper bundle/jre/lib/jexec 2>/dev/null # in case the copy lost the bits
if [[ ! -x "$java" ]]; then
  echo "gpu-run: no bundle/jre: run tools/pack-bundle.sh first and carry bundle/" >&2
  exit 2
fi
cp_main="$(ls bundle/lib/*.jar | grep -v console-standalone | tr '\n' ':')"
cp_tests="bundle/tests/aedmae-tensor-tests.jar"
console="$(ls bundle/lib/junit-platform-console-standalone-*.jar | head -1)"
jvm=(--add-modules jdk.incubator.vector -Xmx24g -XX:+UseParallelGC)

{
  echo "== date"; date -u
  echo "== nvidia-smi"; nvidia-smi 2>&1 || echo "(no nvidia-smi)"
  echo "== java"; "$java" -version 2>&1
  echo "== CUDA libraries"
  for lib in libcuda.so.1 libcublas.so.12 libcublas.so.13 libnvrtc.so.12 libnvrtc.so.13 libcudnn.so.9; do
    if ldconfig -p 2>/dev/null | grep -q "$lib"; then echo "$lib: present"; else echo "$lib: absent"; fi
  done
  echo "== nvcc"; (nvcc --version 2>/dev/null | tail -1) || echo "(no nvcc)"
} > "$out/env.txt" 2>&1
check="$("$java" "${jvm[@]}" -cp "$cp_main" aedmae.tensor.cuda.CudaCheck 2>&1 | tail -1)"
echo "$check" | tee -a "$out/env.txt"

if command -v cuobjdump >/dev/null 2>&1; then
  # SASS per kernel: HMMA (mma.sync) lines, and local-memory traffic (LDL/STL = spills)
  tmp="$(mktemp -d)"
  (cd "$tmp" && unzip -q -o "$OLDPWD/$(ls bundle/lib/aedmae-tensor-*.jar | head -1)" 'aedmae/kernels/*')
  for f in "$tmp"/aedmae/kernels/*.fatbin; do
    cuobjdump -sass -arch sm_90a "$f" 2>/dev/null | awk -v file="$(basename "$f")" '
      /Function :/ { fn = $3 } /HMMA/ { h[fn]++ } /LDL|STL/ { l[fn]++ } /Function :/ { seen[fn] = 1 }
      END { for (k in seen) printf "%s %s HMMA=%d LDL/STL=%d\n", file, k, h[k], l[k] }'
  done | sort > "$out/sass.txt"
  rm -rf "$tmp"
fi

status=0
if [[ "$what" == "all" || "$what" == "tests" ]]; then
  start=$(date +%s)
  "$java" "${jvm[@]}" -jar "$console" execute --class-path "$cp_main$cp_tests" --select-package aedmae.tensor.cuda \
    --reports-dir "$out/junit" --details=tree --disable-banner --disable-ansi-colors > "$out/tests.log" 2>&1
  status=$?
  echo "gpu-run: tests exit $status in $(( $(date +%s) - start )) s (log $out/tests.log)"
fi
if [[ "$what" == "all" || "$what" == "bench" ]]; then
  start=$(date +%s)
  "$java" "${jvm[@]}" -cp "$cp_main" aedmae.tensor.cuda.KernelBench --out "$out" $quick > "$out/kernel-bench.log" 2>&1
  echo "gpu-run: kernel bench exit $? in $(( $(date +%s) - start )) s"
  if command -v python3 >/dev/null 2>&1; then
    python3 tools/torch_kernel_bench.py --out "$out" $quick > "$out/kernel-bench-torch.log" 2>&1
    echo "gpu-run: torch bench exit $?"
  fi
fi

echo "== summary"
echo "$check"
[[ -f "$out/tests.log" ]] && grep -E "tests (found|successful|failed|aborted)|containers (aborted|failed)" "$out/tests.log" | sed 's/^[[:space:]]*//'
[[ -f "$out/tests.log" ]] && grep -E "MethodSource|=> " "$out/tests.log" | head -20
[[ -f "$out/kernel-bench.md" ]] && grep -E "^\| (gemm|attention|layer_norm) " "$out/kernel-bench.md" | head -30
[[ -f "$out/sass.txt" ]] && grep -E "gemm_(tf32|bf16)|attention_tf32" "$out/sass.txt"
exit $status
