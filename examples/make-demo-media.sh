#!/usr/bin/env bash
# Makes the demo media that examples/cameras.json and the watch tests use, from the embedded demo:
#   demo-model.safetensors      the demo model (./aedmae demo, seed 1: best checkpoint by validation)
#   demo-cameras.mp4            the demo scene's 4 test videos back to back (H.264, 25 fps, 16 s)
#   demo-cameras.labels.txt     its frame labels (1 = abnormal: a cyclist, a cart, a crossing, a cyclist)
#   demo-normal.mp4             the 6 training videos (normal only): threshold calibration
# Usage: examples/make-demo-media.sh [DEMO_DIR]   (DEMO_DIR default runs/demo; trained first when missing)
# Needs ffmpeg with libx264 (Debian: apt-get install ffmpeg).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
demo="${1:-$here/../runs/demo}"
if [ ! -f "$demo/run/checkpoints/best.safetensors" ]; then "$here/../aedmae" demo --out "$demo" --seed 1; fi
cp "$demo/run/checkpoints/best.safetensors" "$here/demo-model.safetensors"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
encode() { # encode OUT DIR...: the frames of the folders in order, 25 fps, H.264 crf 20, one thread (same bytes every run)
  local out="$1"; shift; local n=0; rm -rf "$tmp/f"; mkdir "$tmp/f"
  for d in "$@"; do for f in "$d"/*.png; do cp "$f" "$tmp/f/$(printf %05d $n).png"; n=$((n+1)); done; done
  ffmpeg -v error -y -framerate 25 -i "$tmp/f/%05d.png" -c:v libx264 -preset medium -crf 20 -pix_fmt yuv420p -g 25 -threads 1 \
    -bitexact -map_metadata -1 -fflags +bitexact "$out"
}
encode "$here/demo-cameras.mp4" "$demo"/scene/testing/frames/0{1,2,3,4}
cat "$demo"/scene/testing/labels/0{1,2,3,4}.txt > "$here/demo-cameras.labels.txt"
encode "$here/demo-normal.mp4" "$demo"/scene/training/frames/0{1,2,3,4,5,6}
ls -l "$here"/demo-*
