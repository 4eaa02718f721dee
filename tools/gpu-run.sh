#!/usr/bin/env bash
# The GPU run, as one script of at most 7 minutes that returns exactly two files in $OUT
# (default out/gpu-run): summary.txt (what passed, what failed and why, the numbers) and
# logs.tar.gz (every log in full). Run from the repository root:
#
#   tools/gpu-run.sh [--quick]
#
# With bundle/ present (tools/pack-bundle.sh: a jlink runtime and the jars, for a GPU machine
# without Java) it runs from the bundle; otherwise from this checkout with Maven (JDK 17, the
# classes built: mvn -o test-compile). Without a usable CUDA device every GPU stage says
# "skipped" in one line and the run still checks the device path end to end on the simulated
# device (sim), so the script itself is tested on any machine.
#
# Stages, each under its own timeout and all within GPU_RUN_BUDGET_S (default 420 s):
#   env        date, nvidia-smi, java, CUDA libraries, nvcc, the full CudaCheck output
#   parity     each GPU parity class in its own JVM, in dependency order (runtime, elementwise,
#              indexing, ... attention); a class that faults is rerun under compute-sanitizer
#   sass       tensor-core (HMMA) and spill (LDL/STL) instructions per kernel, from the fatbins
#   kernels    KernelBench: every kernel variant's time against its floor
#   e2e        DeviceParityTest: two-stage training, calibration and scoring on the device
#              against the CPU (cuda, or sim without a GPU)
#   avenue     avenue inference frames/s: ours eager and graph-captured (aedmae bench --graph),
#              PyTorch eager and with torch.cuda.graphs, on the same GPU in the same run
#   ped2       a timed slice of the paper-faithful ped2 preset (1 teacher epoch cut to
#              GPU_RUN_PED2_BATCHES batches of 100, default 2) on the demo scene's frames resized
#              to ped2's 240x360 input (the run carries no Ped2 frames); epochs per hour
#              extrapolated from its frames/s to Ped2's training frames, and said to be
#   vendor     whether cuBLAS loads through JCublas2 from the CUDA libraries PyTorch brings
#              (LD_LIBRARY_PATH set here), and if it does, our GEMM against cublasSgemm (TF32,
#              FP32); cuDNN's version as PyTorch loads it (org.jcuda:jcudnn:12.6.0 is not on Maven Central);
#              PyTorch's cuBLAS and SDPA (cuDNN/flash attention) on KernelBench's shapes
# Without a GPU, each GPU stage says "skipped" in one line.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
quick=""
[[ "${1:-}" == "--quick" ]] && quick="--quick"
out="${OUT:-out/gpu-run}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out/summary.txt" "$out/logs.tar.gz"
work="$(mktemp -d)"
logs="$work/logs"
mkdir -p "$logs"
summary="$work/summary.txt"
budget_s="${GPU_RUN_BUDGET_S:-420}"
t_start=$(date +%s)
deadline=$((t_start + budget_s))

say() { echo "$*" | tee -a "$summary"; }
# seconds a stage may use: what it asks for, capped by what is left (30 s kept for packing)
allow() {
  local want=$1 left=$((deadline - $(date +%s) - 30))
  (( left < want )) && want=$left
  (( want < 0 )) && want=0
  echo "$want"
}
finish() {
  say ""
  say "total: $(( $(date +%s) - t_start )) s of a ${budget_s} s budget"
  tar -czf "$out/logs.tar.gz" -C "$work" logs
  cp "$summary" "$out/summary.txt"
  rm -rf "$work"
  exit "${status:-0}"
}
status=0

# ------------------------------------------------------------------ how to run Java here
if [[ -x bundle/jre/bin/java || -f bundle/jre/bin/java ]]; then
  mode=bundle
  chmod u+x bundle/jre/bin/* bundle/jre/lib/jspawnhelper bundle/jre/lib/jexec 2>/dev/null # in case the copy lost the bits
  java="bundle/jre/bin/java"
  cp_main="$(ls bundle/lib/*.jar | grep -v console-standalone | tr '\n' ':')"
  cp_tests="$(ls bundle/tests/*.jar | tr '\n' ':')"
  console="$(ls bundle/lib/junit-platform-console-standalone-*.jar | head -1)"
  tensor_jar="$(ls "$root"/bundle/lib/aedmae-tensor-*.jar | head -1)"
else
  mode=maven
  java="$(command -v java || true)"
  tensor_jar=""
fi
jvm=(--add-modules jdk.incubator.vector -Xmx24g -XX:+UseParallelGC)

# runs one test class (simple name; module for Maven) with extra -D properties, log in $2
run_class() {
  local cls=$1 log=$2 secs=$3 module=$4; shift 4
  if [[ $mode == bundle ]]; then
    timeout -k 10 "$secs" "$java" "${jvm[@]}" "$@" -jar "$console" execute --class-path "$cp_main$cp_tests" \
      --select-class "$cls" --details=tree --disable-banner --disable-ansi-colors > "$log" 2>&1
  else
    local simple="${cls##*.}"
    timeout -k 10 "$secs" mvn -B -ntp -o -q -Dstyle.color=never test -pl "$module" -am -Dtest="$simple" \
      -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false "$@" > "$log" 2>&1
  fi
}
# the main class of a module with arguments
run_main() {
  local cls=$1 log=$2 secs=$3; shift 3
  if [[ $mode == bundle ]]; then
    timeout -k 10 "$secs" "$java" "${jvm[@]}" -cp "$cp_main$cp_tests" "$cls" "$@" > "$log" 2>&1
  else
    timeout -k 10 "$secs" mvn -B -ntp -o -q -Dstyle.color=never exec:java -pl tensor -Dexec.classpathScope=test -Dexec.mainClass="$cls" \
      -Dexec.args="$*" > "$log" 2>&1
  fi
}

say "aedmae GPU run, $(date -u '+%Y-%m-%d %H:%M UTC'), mode $mode, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ $mode == maven ]]; then
  # the classes the stages run (kernels compiled only where they can be used)
  command -v nvidia-smi >/dev/null 2>&1 || export NVCC="${NVCC:-none}"
  timeout -k 10 "$(allow 240)" mvn -B -ntp -o -q -Dstyle.color=never test-compile -pl app -am > "$logs/build.log" 2>&1 \
    || { say "build: FAIL (mvn test-compile), last lines:"; tail -5 "$logs/build.log" | sed 's/^/  /' | tee -a "$summary"; status=2; finish; }
fi

# ------------------------------------------------------------------ env
{
  echo "== date"; date -u
  echo "== nvidia-smi"; nvidia-smi 2>&1 || echo "(no nvidia-smi)"
  echo "== java"; "${java:-java}" -version 2>&1
  echo "== CUDA libraries"
  for lib in libcuda.so.1 libcublas.so.12 libcublas.so.13 libcublasLt.so.12 libcudnn.so.9 libnvrtc.so.12; do
    if ldconfig -p 2>/dev/null | grep -q "$lib"; then echo "$lib: present"; else echo "$lib: absent"; fi
  done
  echo "== nvcc"; (nvcc --version 2>/dev/null | tail -1) || echo "(no nvcc)"
  echo "== compute-sanitizer"; command -v compute-sanitizer || echo "(none)"
} > "$logs/env.txt" 2>&1
if [[ -z "$java" ]]; then
  say "env: no java and no bundle/jre: run tools/pack-bundle.sh and carry bundle/"
  status=2
  finish
fi
if [[ $mode == bundle ]]; then
  timeout 60 "$java" "${jvm[@]}" -cp "$cp_main" aedmae.tensor.cuda.CudaCheck > "$logs/cuda-check.txt" 2>&1
else
  run_main aedmae.tensor.cuda.CudaCheck "$logs/cuda-check.txt" "$(allow 120)"
fi
sed -i 's/\x1b\[[0-9;]*m//g' "$logs/cuda-check.txt"; echo >> "$logs/cuda-check.txt"
say "env: CudaCheck (full output):"
sed 's/^/  /' "$logs/cuda-check.txt" | tee -a "$summary"
gpu=0
grep -q "cuda: available" "$logs/cuda-check.txt" && gpu=1

# ------------------------------------------------------------------ parity, one JVM per class
parity_classes=(CudaAvailabilityTest KernelContractTest LaunchTest PinnedRingTest CudaRuntimeTest ElementwiseParityTest
                IndexingParityTest ConvPoolParityTest NormParityTest MotionParityTest GemmParityTest AttentionParityTest)
if (( gpu )); then
  for c in "${parity_classes[@]}"; do
    secs=$(allow 60)
    (( secs < 10 )) && { say "parity $c: not run, out of time"; status=1; continue; }
    t0=$(date +%s)
    run_class "aedmae.tensor.cuda.$c" "$logs/parity-$c.log" "$secs" tensor
    rc=$?
    if (( rc == 0 )); then
      say "parity $c: pass ($(( $(date +%s) - t0 )) s)"
    else
      status=1
      (( rc == 124 || rc == 137 )) && why="timed out after $secs s" || why="exit $rc"
      say "parity $c: FAIL ($why); reasons:"
      grep -E "AssertionFailedError|Exception|MISMATCH|CUDA_ERROR|=> " "$logs/parity-$c.log" | head -15 | sed 's/^/  /' | tee -a "$summary"
      if grep -qE "CUDA_ERROR|illegal|misaligned|launch failed" "$logs/parity-$c.log" && command -v compute-sanitizer >/dev/null; then
        secs=$(allow 90)
        if (( secs > 20 )) && [[ $mode == bundle ]]; then
          timeout -k 10 "$secs" compute-sanitizer --tool memcheck --print-limit 20 "$java" "${jvm[@]}" -jar "$console" execute \
            --class-path "$cp_main$cp_tests" --select-class "aedmae.tensor.cuda.$c" --disable-banner > "$logs/sanitizer-$c.log" 2>&1
          say "  compute-sanitizer: $(grep -cE '^========= (Invalid|Error)' "$logs/sanitizer-$c.log") errors (logs/sanitizer-$c.log)"
          grep -E "^========= (Invalid|Error|    at)" "$logs/sanitizer-$c.log" | head -8 | sed 's/^/  /' | tee -a "$summary"
        fi
      fi
    fi
  done
else
  say "parity: skipped, no usable CUDA device (see CudaCheck above)"
fi

# ------------------------------------------------------------------ SASS
if (( gpu )) && command -v cuobjdump >/dev/null 2>&1; then
  fat="$work/fatbins"
  mkdir -p "$fat"
  if [[ -n "$tensor_jar" ]]; then
    (cd "$fat" && unzip -q -o "$tensor_jar" 'aedmae/kernels/*.fatbin')
  else
    cp -r tensor/target/classes/aedmae "$fat/" 2>/dev/null
  fi
  for f in "$fat"/aedmae/kernels/*.fatbin; do
    cuobjdump -sass "$f" 2>/dev/null | awk -v file="$(basename "$f")" '
      /Function :/ { fn = $3; seen[fn] = 1 } /HMMA/ { h[fn]++ } /LDL|STL/ { l[fn]++ }
      END { for (k in seen) printf "%s %s HMMA=%d LDL/STL=%d\n", file, k, h[k], l[k] }'
  done | sort > "$logs/sass.txt"
  say "sass: $(wc -l < "$logs/sass.txt") kernels; tensor-core kernels without HMMA: $(grep -E 'tf32|bf16' "$logs/sass.txt" | grep -c 'HMMA=0 ')"
else
  say "sass: skipped ($( (( gpu )) && echo "no cuobjdump" || echo "no GPU"))"
fi

# ------------------------------------------------------------------ kernel timings against floors
if (( gpu )); then
  secs=$(allow 100)
  run_main aedmae.tensor.cuda.KernelBench "$logs/kernel-bench.log" "$secs" --out "$logs" $quick
  rc=$?
  if [[ -f "$logs/kernel-bench.md" ]]; then
    say "kernels: exit $rc; the ten largest gaps (time / floor):"
    grep -E '^\| [a-z_]+ \|' "$logs/kernel-bench.md" | awk -F'|' '{ printf "%s|%s\n", $8, $0 }' | sort -t'|' -k1 -gr | head -10 | cut -d'|' -f2- | sed 's/^/  /' | tee -a "$summary"
  else
    say "kernels: FAIL (exit $rc, no table); last lines:"; tail -5 "$logs/kernel-bench.log" | sed 's/^/  /' | tee -a "$summary"
    status=1
  fi
else
  say "kernels: skipped, no GPU"
fi

# ------------------------------------------------------------------ end-to-end parity against the CPU
dev=$( (( gpu )) && echo cuda || echo sim )
secs=$(allow 150)
t0=$(date +%s)
run_class aedmae.train.DeviceParityTest "$logs/e2e-$dev.log" "$secs" app -Daedmae.parity.device="$dev"
rc=$?
if (( rc == 0 )) && ! grep -qE "tests successful: 0|Tests run: 0" "$logs/e2e-$dev.log"; then
  say "e2e on $dev: teacher, student, calibration and scoring match the CPU ($(( $(date +%s) - t0 )) s)"
else
  status=1
  say "e2e on $dev: FAIL (exit $rc); reasons:"
  grep -E "AssertionFailedError|Exception|expected" "$logs/e2e-$dev.log" | head -10 | sed 's/^/  /' | tee -a "$summary"
fi

# ------------------------------------------------------------------ avenue inference
aedmae_cli() { # the CLI, from the bundle or the checkout; log in $1, seconds in $2
  local log=$1 secs=$2; shift 2
  if [[ $mode == bundle ]]; then
    timeout -k 10 "$secs" "$java" "${jvm[@]}" -cp "$cp_main" aedmae.cli.Main "$@" > "$log" 2>&1
  else
    timeout -k 10 "$secs" ./aedmae "$@" > "$log" 2>&1
  fi
}
# the reason a step failed: its exit status and the log lines that say why (not only the last)
why() {
  local rc=$1 log=$2
  (( rc == 124 || rc == 137 )) && echo "timed out" || echo "exit $rc"
  grep -E "Exception|Error|error:|FAIL|not loaded" "$log" | head -6 | sed 's/^/    /'
}
torch_cuda=0
command -v python3 >/dev/null && python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null && torch_cuda=1
if (( gpu )); then
  aedmae_cli "$logs/avenue-java.log" "$(allow 45)" bench --preset avenue --batch 32 --device cuda --iters 10 --warmup 3 --no-profile
  rc=$?
  (( rc == 0 )) && say "avenue, ours eager (TF32): $(grep -E 'frames/s' "$logs/avenue-java.log" | tail -1 | sed 's/^ *//')" \
    || { say "avenue, ours eager: FAIL, $(why $rc "$logs/avenue-java.log")"; status=1; }
  aedmae_cli "$logs/avenue-java-graph.log" "$(allow 45)" bench --preset avenue --batch 32 --device cuda --graph --iters 20 --warmup 3
  rc=$?
  (( rc == 0 )) && say "avenue, ours CUDA graph (TF32): $(grep -E 'frames/s' "$logs/avenue-java-graph.log" | tail -1 | sed 's/^ *//')" \
    || { say "avenue, ours CUDA graph: FAIL, $(why $rc "$logs/avenue-java-graph.log")"; status=1; }
  if (( torch_cuda )); then
    for g in "" --cuda-graph; do
      log="$logs/avenue-torch${g:+-graph}.log"
      label="${g:+CUDA graph}"; label="${label:-eager}"
      timeout -k 10 "$(allow 45)" python3 tools/torch_peer.py --preset avenue --batch 32 --device cuda --tf32 --iters 10 --warmup 3 $g > "$log" 2>&1
      rc=$?
      (( rc == 0 )) && say "avenue, PyTorch ${g:+CUDA graph}${g:-eager} (TF32): $(grep -E '^median' "$log" | tail -1)" \
        || say "avenue, PyTorch ${g:-eager}: FAIL, $(why $rc "$log")"
    done
  else
    say "avenue, PyTorch: skipped (no python3 with CUDA torch)"
  fi
else
  say "avenue: skipped, no GPU (ours eager and --graph, PyTorch eager and CUDA graph)"
fi

# ------------------------------------------------------------------ a timed slice of the ped2 preset
if (( gpu )); then
  batches="${GPU_RUN_PED2_BATCHES:-2}"
  aedmae_cli "$logs/ped2-scene.log" "$(allow 30)" demo --scene-only --out "$work/ped2"
  aedmae_cli "$logs/ped2-slice.log" "$(allow 120)" train --data "$work/ped2/scene" --preset ped2 --device cuda --out "$work/ped2/run" \
    --teacher-epochs 1 --student-epochs 1 --max-batches "$batches" --val-videos 0 --selection last --no-eval
  rc=$?
  fps=$(grep -E '^teacher 1:' "$logs/ped2-slice.log" | grep -oE '[0-9.]+ frames/s' | head -1 | cut -d' ' -f1)
  sfps=$(grep -E '^student 1:' "$logs/ped2-slice.log" | grep -oE '[0-9.]+ frames/s' | head -1 | cut -d' ' -f1)
  if (( rc == 0 )) && [[ -n "$fps" ]]; then
    # UCSD Ped2 has 2,550 training frames (16 videos); 100 + 40 epochs as in the paper
    say "ped2 slice: $batches teacher batches of 100 at ${fps} frames/s, student ${sfps:-?} frames/s (demo-scene frames resized to 240x360, not Ped2's)"
    awk -v t="$fps" -v s="${sfps:-$fps}" 'BEGIN { e = 2550 / t; f = 2550 / s; printf "  extrapolated: %.0f teacher epochs/h; 100 teacher + 40 student epochs = %.1f min of GPU time (the validation scoring and the first epoch'"'"'s cache build not counted)\n", 3600 / e, (100 * e + 40 * f) / 60 }' | tee -a "$summary"
  else
    status=1
    say "ped2 slice: FAIL, $(why $rc "$logs/ped2-slice.log")"
  fi
else
  say "ped2 slice: skipped, no GPU"
fi

# ------------------------------------------------------------------ vendor libraries
if (( gpu )); then
  if (( torch_cuda )); then  # the CUDA libraries PyTorch brings: torch/lib and the nvidia wheels' lib folders
    tlib="$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))' 2>/dev/null)/lib"
    nv="$(python3 -c 'import nvidia,os;print(os.path.dirname(nvidia.__file__) if nvidia.__file__ else list(nvidia.__path__)[0])' 2>/dev/null)"
    extra="$tlib"
    [[ -n "$nv" ]] && for d in "$nv"/*/lib; do extra="$extra:$d"; done
    export LD_LIBRARY_PATH="$extra${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH" > "$logs/vendor-env.txt"
  fi
  run_main aedmae.tensor.cuda.VendorLibraries "$logs/vendor-java.log" "$(allow 60)" --out "$logs" $quick
  rc=$?
  if [[ -f "$logs/vendor-libraries.md" ]]; then
    say "vendor (exit $rc):"; sed 's/^/  /' "$logs/vendor-libraries.md" | tee -a "$summary"
  else
    say "vendor: FAIL, $(why $rc "$logs/vendor-java.log")"
  fi
  if (( torch_cuda )); then
    timeout -k 10 "$(allow 60)" python3 tools/torch_kernel_bench.py --out "$logs" $quick > "$logs/torch-kernel-bench.log" 2>&1
    say "vendor, cuDNN as PyTorch loads it: $(python3 -c 'import torch;print(torch.backends.cudnn.version(), "available" if torch.backends.cudnn.is_available() else "not available")' 2>&1 | tail -1)"
    say "vendor, PyTorch cuBLAS and SDPA on KernelBench's shapes (ours: the kernels table above, logs/kernel-bench.md):"
    grep -E '^\| (gemm|attention) ' "$logs/torch-kernel-bench.log" | sed 's/^/  /' | tee -a "$summary"
    grep -E '^\| attention \|' "$logs/kernel-bench.md" 2>/dev/null | head -8 | sed 's/^/  ours: /' | tee -a "$summary"
  else
    say "vendor, PyTorch kernels: skipped (no python3 with CUDA torch)"
  fi
else
  say "vendor libraries: skipped, no GPU (cuBLAS through JCublas2, cuDNN through PyTorch, PyTorch cuBLAS and SDPA)"
fi
finish
