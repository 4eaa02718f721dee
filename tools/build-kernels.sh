#!/usr/bin/env bash
# Compiles kernels/*.cu into fatbins that aedmae.tensor.cuda loads as class-path resources.
#
#   tools/build-kernels.sh [SRC_DIR] [OUT_DIR] [REPORT_DIR]
#
# SRC_DIR    the .cu sources (default: kernels/ beside this script's folder)
# OUT_DIR    where NAME.fatbin goes (Maven passes target/generated-resources/kernels/aedmae/kernels,
#            which the jar holds as /aedmae/kernels/NAME.fatbin)
# REPORT_DIR ptxas resource reports, one NAME.txt per source (registers, shared memory, spills)
#
# Each fatbin holds SASS for sm_80 and sm_90a and compute_80 PTX that the driver JIT-compiles on
# any other GPU. A source is recompiled only when it, a kernels/*.cuh header, nvcc or the flags
# changed. No nvcc: one line, exit 0 (the CPU backend serves). A compile error fails the build.
# NVCC=/path/to/nvcc picks a compiler (NVCC=none: behave as if there were none).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-$here/../kernels}"
out="${2:-$here/../tensor/target/generated-resources/kernels/aedmae/kernels}"
report="${3:-$(dirname "$out")/../../kernels-report}"

NVCC="${NVCC:-}"
if [[ -z "$NVCC" ]]; then
  NVCC="$(command -v nvcc || true)"
  [[ -z "$NVCC" && -x /usr/local/cuda/bin/nvcc ]] && NVCC=/usr/local/cuda/bin/nvcc
fi
if [[ -z "$NVCC" ]] || ! command -v "$NVCC" >/dev/null 2>&1; then
  echo "build-kernels: nvcc not found; CUDA kernels not built (the CPU backend will serve)"
  exit 0
fi

FLAGS=(-std=c++17 -O3 --fatbin -Xptxas -v
       -gencode arch=compute_80,code=sm_80
       -gencode arch=compute_90a,code=sm_90a
       -gencode arch=compute_80,code=compute_80)

mkdir -p "$out" "$report"
out="$(cd "$out" && pwd)"
report="$(cd "$report" && pwd)"
stamp="$out/.build-stamp"
want_stamp="$("$NVCC" --version | tail -1) ${FLAGS[*]}"
have_stamp="$(cat "$stamp" 2>/dev/null || true)"

shopt -s nullglob
sources=("$src"/*.cu)
headers=("$src"/*.cuh)
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "build-kernels: no .cu files in $src" >&2
  exit 1
fi

stale=()
for cu in "${sources[@]}"; do
  name="$(basename "$cu" .cu)"
  bin="$out/$name.fatbin"
  if [[ "$have_stamp" != "$want_stamp" || ! -f "$bin" || "$cu" -nt "$bin" ]]; then
    stale+=("$cu")
    continue
  fi
  for h in "${headers[@]}"; do
    if [[ "$h" -nt "$bin" ]]; then stale+=("$cu"); break; fi
  done
done

if [[ ${#stale[@]} -eq 0 ]]; then
  echo "build-kernels: ${#sources[@]} fatbins up to date in $out"
  exit 0
fi

jobs="$(nproc 2>/dev/null || echo 2)"
start=$(date +%s)
export NVCC out report src
export FLAGS_STR="${FLAGS[*]}"
compile_one() {
  local cu="$1" name
  name="$(basename "$cu" .cu)"
  # shellcheck disable=SC2086
  if "$NVCC" $FLAGS_STR -I "$src" "$cu" -o "$out/$name.fatbin.tmp" > "$report/$name.txt" 2>&1; then
    mv "$out/$name.fatbin.tmp" "$out/$name.fatbin"
    if grep -q "spill stores" "$report/$name.txt" && grep -E "[1-9][0-9]* bytes spill stores" "$report/$name.txt" > /dev/null; then
      echo "build-kernels: note: $name spills registers (see $report/$name.txt)"
    fi
  else
    rm -f "$out/$name.fatbin.tmp" "$out/$name.fatbin"
    echo "build-kernels: FAILED $cu" >&2
    cat "$report/$name.txt" >&2
    return 1
  fi
}
export -f compile_one
if ! printf '%s\0' "${stale[@]}" | xargs -0 -n 1 -P "$jobs" bash -c 'compile_one "$0"'; then
  echo "build-kernels: compile error (see above)" >&2
  exit 1
fi
echo "$want_stamp" > "$stamp"
echo "build-kernels: compiled ${#stale[@]} of ${#sources[@]} kernel files in $(( $(date +%s) - start )) s with $jobs jobs -> $out"
