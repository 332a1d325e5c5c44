#!/bin/bash
# Measures the CPU of ONE rtsp_server.py process serving --count MOUNTS while CLIENTS ffmpeg TCP clients
# pull distinct mounts (/cam0..) with -c copy (no decoding) for SECONDS. Reads utime+stime from /proc.
# Usage: measure_server_cpu.sh CLIP.264 [MOUNTS=64] [CLIENTS=8] [SECONDS=20] [SAME_MOUNT=0]
# SAME_MOUNT=1 points every client at /cam0 (one shared pipeline).
set -euo pipefail
clip=$1; mounts=${2:-64}; clients=${3:-8}; secs=${4:-20}; same=${5:-0}
here=$(cd "$(dirname "$0")" && pwd)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/python3 "$here/rtsp_server.py" --port "$port" --count "$mounts" --clip "$clip" --protocols tcp \
    --stop-after $((secs + 30)) >/tmp/measure-server.out 2>/tmp/measure-server.err &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q READY /tmp/measure-server.out && break; sleep 0.1; done
pids=()
for i in $(seq 0 $((clients - 1))); do
  m=$i; [ "$same" = 1 ] && m=0
  timeout $((secs + 15)) ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i "rtsp://127.0.0.1:$port/cam$m" \
      -t $((secs + 5)) -c copy -f null - -progress "/tmp/measure-client-$i.progress" >/dev/null 2>&1 &
  pids+=($!)
done
sleep 3   # let every client reach PLAY
ticks() { awk '{print $14 + $15}' /proc/$server/stat; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); s1=$(date +%s.%N)
wait "${pids[@]}" 2>/dev/null || true
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" -v c="$clients" -v m="$mounts" -v same="$same" 'BEGIN {
  pct = 100 * (b - a) / hz / (s1 - s0);
  printf "server CPU: %.1f %% of one core with %d clients (%s), %d mounts configured\n", pct, c, same ? "one shared mount" : "distinct mounts", m;
  if (!same) printf "per active mount: %.2f %%; x64 extrapolated: %.0f %% of one core\n", pct / c, 64 * pct / c }'
frames=0
for i in $(seq 0 $((clients - 1))); do
  f=$(grep '^frame=' "/tmp/measure-client-$i.progress" | tail -1 | cut -d= -f2); frames=$((frames + ${f:-0}))
done
echo "clients received $frames video frames in total (expected about $((clients * 30 * (secs + 5))))"
