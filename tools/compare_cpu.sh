#!/usr/bin/env bash
# Side-by-side CPU throughput of aedmae (Java), ONNX Runtime for Java running the PyTorch peer
# exported to ONNX, and the PyTorch peer itself, with the same preset, batch and thread count,
# alternating in one run (the order rotates every round, so all see the same machine state).
# Each round gives each implementation's median frames/s over ITERS iterations; the summary gives
# min / median / max over the rounds, the spread (max - min) / median, and the ratios of medians.
# ONNX Runtime runs inference only; with --train it is left out. Beside each Java figure: its heap
# allocated per iteration (MiB, median), which shows a JVM run whose JIT boxed Vector API values.
#
#   tools/compare_cpu.sh avenue 32 2            # inference
#   tools/compare_cpu.sh ped2-fast 32 2 --train # training step
#   ROUNDS=5 ITERS=5 WARMUP=3 PEERS="aedmae onnxruntime" tools/compare_cpu.sh avenue 32 2
#   PEERS="aedmae aedmae-openblas onnxruntime" tools/compare_cpu.sh avenue 32 2   # with OpenBLAS's SGEMM
#   BASE=/tmp/base PEERS="aedmae base" tools/compare_cpu.sh avenue 32 2   # before/after: another checkout's ./aedmae
#   PEERS="aedmae aedmae-folded onnxruntime" tools/compare_cpu.sh avenue 32 2   # attention's folded softmax (-Daedmae.attention=folded; other bits)
#   ROUNDS=0 tools/compare_cpu.sh avenue 32 2   # only build the jars, export and check the ONNX graph (before taking a CPU lock)
#
# Needs Debian's python3-torch, python3-onnx and libopenblas0-pthread (installed with apt-get when
# run as root; otherwise the missing peers are skipped with a line saying what to install), and the
# bench jar (built here with Maven when missing: it carries ONNX Runtime from Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-avenue}; batch=${2:-32}; threads=${3:-2}; mode=${4:-}
rounds=${ROUNDS:-3}; iters=${ITERS:-3}; warmup=${WARMUP:-3}
py=${PYTHON:-/usr/bin/python3}
peers=${PEERS:-"aedmae onnxruntime pytorch"}
[ "$mode" = "--train" ] && peers=${peers//onnxruntime/}

have_python_pkgs() { "$py" -c 'import torch, onnx' >/dev/null 2>&1; }
if [[ "$peers" == *pytorch* || "$peers" == *onnxruntime* ]] && ! have_python_pkgs; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "compare_cpu: installing python3-torch python3-onnx libopenblas0-pthread (apt-get)..." >&2
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-onnx libopenblas0-pthread) >&2 || true
  fi
  if ! have_python_pkgs; then
    echo "compare_cpu: $py lacks torch/onnx (apt-get install -y python3-torch python3-onnx libopenblas0-pthread); PyTorch and ONNX Runtime skipped" >&2
    peers=${peers//pytorch/}; peers=${peers//onnxruntime/}
  fi
fi

jar=bench/target/benchmarks.jar
ort() { java --add-modules jdk.incubator.vector -cp "$jar" aedmae.bench.OnnxRuntimePeer "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2); }
if [[ "$peers" == *onnxruntime* ]]; then
  if [ ! -f "$jar" ] || [ -n "$(find tensor/src nn/src datasets/src app/src bench/src -newer "$jar" -type f -print -quit)" ]; then
    echo "compare_cpu: building $jar (mvn -q -DskipTests package -pl bench -am)..." >&2
    NVCC=${NVCC:-none} mvn -B -q -ntp -DskipTests package -pl bench -am >&2
  fi
  # The graph: the Java model's (perturbed, seeded) weights, exported by the PyTorch peer, checked
  # against the Java model on one batch before any timing.
  dir=bench/target/onnx; mkdir -p "$dir"
  w="$dir/$preset.safetensors"; onnx="$dir/$preset.onnx"
  if [ ! -f "$onnx" ] || [ "$jar" -nt "$onnx" ]; then
    ort weights "$preset" "$w" >&2
    "$py" tools/export_onnx.py --preset "$preset" --weights "$w" --out "$onnx" 2>&1 | grep -v -i 'warning\|assert n ==' >&2
  fi
  ort check "$preset" "$onnx" "$w" 4
fi

# A Java peer's heap allocated per timed iteration (MiB, median) goes beside its figure: a JVM run
# whose C2 compiled a Vector API kernel without its intrinsics allocates gigabytes (boxed vectors).
alloc_of() { sed -n 's/.*heap allocated per iteration (MiB, all threads): \[\(.*\)\]/\1/p' | tr -d ' ' | tr ',' '\n' | sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }
bench_out=$(mktemp); trap 'rm -f "$bench_out" "$bench_out.alloc"' EXIT
run_one() { # prints frames/s of one implementation (median of its iterations); a Java peer's allocation in $bench_out.alloc
  case $1 in
    aedmae|aedmae-openblas|aedmae-folded)
              AEDMAE_JAVA_OPTS="${AEDMAE_JAVA_OPTS:-}$([ "$1" = aedmae-folded ] && echo ' -Daedmae.attention=folded')" \
              ./aedmae bench --preset "$preset" --batch "$batch" --threads "$threads" $mode --iters "$iters" --warmup "$warmup" --no-profile \
              --gemm "$([ "$1" = aedmae-openblas ] && echo openblas || echo own)" > "$bench_out"
              alloc_of < "$bench_out" > "$bench_out.alloc"; sed -n 's/.*->  \([0-9.]*\) frames\/s/\1/p' "$bench_out" ;;
    base) "$BASE/aedmae" bench --preset "$preset" --batch "$batch" --threads "$threads" $mode --iters "$iters" --warmup "$warmup" --no-profile > "$bench_out"
              alloc_of < "$bench_out" > "$bench_out.alloc"; sed -n 's/.*->  \([0-9.]*\) frames\/s/\1/p' "$bench_out" ;;
    onnxruntime) ort time "$preset" "$onnx" "$batch" "$threads" "$iters" "$warmup" | sed -n 's/.*->  \([0-9.]*\) frames\/s/\1/p' ;;
    pytorch) "$py" tools/torch_peer.py --preset "$preset" --batch "$batch" --threads "$threads" $mode --iters "$iters" --warmup "$warmup" --json \
              | tail -1 | "$py" -c 'import json,sys; print(round(json.loads(sys.stdin.read())["frames_per_s"], 2))' ;;
  esac
}

[ "$rounds" = 0 ] && { echo "compare_cpu: ROUNDS=0: built and checked, nothing timed" >&2; exit 0; }
read -r -a list <<< "$peers"
n=${#list[@]}
declare -A results
for r in $(seq 1 "$rounds"); do
  line="round $r (load $(cut -d' ' -f1 /proc/loadavg)):"
  for i in $(seq 0 $((n - 1))); do
    impl=${list[$(( (i + r - 1) % n ))]}
    rm -f "$bench_out.alloc"
    f=$(run_one "$impl")
    results[$impl]="${results[$impl]:-} $f"
    line="$line $impl $f"
    [ -s "$bench_out.alloc" ] && line="$line ($(cat "$bench_out.alloc") MiB/iter)"
  done
  echo "$line frames/s"
done

echo "preset $preset, batch $batch, $threads threads, ${mode:-inference}, $rounds rounds of $iters iterations after $warmup warm-up:"
printf '  %-12s %8s %8s %8s %8s\n' impl min median max spread
for impl in "${list[@]}"; do
  printf '%s\n' ${results[$impl]} | sort -g | awk -v name="$impl" '{v[NR]=$1} END {
    med = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    printf "  %-12s %8.2f %8.2f %8.2f %7.0f%%\n", name, v[1], med, v[NR], 100 * (v[NR] - v[1]) / med }'
done | tee /tmp/compare_cpu.$$
median_of() { awk -v n="$1" '$1 == n {print $3}' /tmp/compare_cpu.$$; }
if [[ "$peers" == *aedmae* ]]; then
  for other in "${list[@]}"; do
    [ "$other" = aedmae ] && continue
    echo "  aedmae / $other (medians): $(echo "scale=2; $(median_of aedmae) / $(median_of "$other")" | bc)"
  done
fi
rm -f /tmp/compare_cpu.$$
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M UTC')"
