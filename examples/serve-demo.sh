#!/usr/bin/env bash
# Plays the demo scene (examples/demo-cameras.mp4, looped, at its own 25 fps) as two live cameras,
# HTTP/MPEG-TS served by ffmpeg on loopback: http://127.0.0.1:8081/live.ts and :8082. Each server
# takes one client and is restarted when it leaves. Stops on Ctrl-C.
# Needs ffmpeg (Debian: apt-get install ffmpeg). Then: ./aedmae watch --config examples/cameras.json
set -uo pipefail
clip="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/demo-cameras.mp4"
serve() { # serve PORT
  while true; do
    ffmpeg -nostdin -v error -re -stream_loop -1 -i "$clip" -c copy -f mpegts -listen 1 "http://127.0.0.1:$1/live.ts" || sleep 1
  done
}
trap 'kill 0' INT TERM EXIT
serve 8081 &
serve 8082 &
echo "demo cameras: http://127.0.0.1:8081/live.ts and http://127.0.0.1:8082/live.ts (Ctrl-C stops)"
wait
