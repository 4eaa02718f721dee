#!/usr/bin/env bash
# Side-by-side CPU throughput of aedmae (Java) and the PyTorch peer running the same architecture
# with the same preset, batch and thread count, alternating in one run (so both see the same machine
# state). Prints frames/s of each and the ratio. Needs Debian's python3-torch (+ libopenblas0-pthread).
#
#   tools/compare_cpu.sh avenue 32 2            # inference
#   tools/compare_cpu.sh ped2-fast 32 2 --train # training step
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-avenue}; batch=${2:-32}; threads=${3:-2}; mode=${4:-}
rounds=${ROUNDS:-2}; iters=${ITERS:-3}; warmup=${WARMUP:-3}
py=${PYTHON:-/usr/bin/python3}
java_fps=(); torch_fps=()
for r in $(seq 1 "$rounds"); do
  j=$(./aedmae bench --preset "$preset" --batch "$batch" --threads "$threads" $mode --iters "$iters" --warmup "$warmup" --no-profile \
        | sed -n 's/.*->  \([0-9.]*\) frames\/s/\1/p')
  t=$("$py" tools/torch_peer.py --preset "$preset" --batch "$batch" --threads "$threads" $mode --iters "$iters" --warmup "$warmup" --json \
        | tail -1 | "$py" -c 'import json,sys; print(round(json.loads(sys.stdin.read())["frames_per_s"], 2))')
  echo "round $r: aedmae $j frames/s, PyTorch $t frames/s"
  java_fps+=("$j"); torch_fps+=("$t")
done
best() { printf '%s\n' "$@" | sort -g | tail -1; }
bj=$(best "${java_fps[@]}"); bt=$(best "${torch_fps[@]}")
echo "preset $preset, batch $batch, $threads threads ${mode:-(inference)}: best aedmae $bj frames/s, best PyTorch $bt frames/s, ratio $(echo "scale=2; $bj / $bt" | bc)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -I)"
