#!/usr/bin/env bash
# Measures what the gateway costs: N cameras (one gst-rtsp-server process looping a 640x360 30 fps 1 s-GOP clip,
# ~1 Mbit/s) pulled over RTSP, and M WHEP viewers per stream (one Java process doing ICE, DTLS and SRTP for real and
# checking every packet's tag), for SECONDS after a warm-up. Prints CPU-µs and allocated bytes per received and per sent
# packet, datagrams per send call, threads, memory; JSON in target/bench/gateway-cost.json.
#   usage: bench/gateway-cost.sh [streams=64] [viewers-per-stream=0] [seconds=60] [transport=tcp]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-64}; VIEWERS=${2:-0}; SECONDS_RUN=${3:-60}; TRANSPORT=${4:-tcp}; WARMUP=${WARMUP:-15}
UDP_PORT=${UDP_PORT:-18189}
HTTP_PORT=${HTTP_PORT:-18889}; RTSP_PORT=${RTSP_PORT:-18554}; CAM_PORT=${CAM_PORT:-18655}
OUT=target/bench; mkdir -p "$OUT"
CLIP=$OUT/bench-clip.264
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests
if [ "$VIEWERS" -gt 0 ]; then
  [ -f target/test-classes/io/rtcgate/bench/ViewerFleet.class ] || mvn -B -q test-compile
  [ -f target/bench-classpath.txt ] || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi
if [ ! -f "$CLIP" ]; then
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=30 -t 10 -pix_fmt yuv420p -c:v libx264 -profile:v main \
    -bf 0 -g 30 -keyint_min 30 -sc_threshold 0 -b:v 1M -maxrate 1M -bufsize 1M -f h264 "$CLIP.tmp" && mv "$CLIP.tmp" "$CLIP"
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
/usr/bin/python3 src/test/peers/rtsp_server.py --port "$CAM_PORT" --protocols both --count "$N" --clip "$CLIP" \
  > "$OUT/cameras.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q READY "$OUT/cameras.log" && break; sleep 0.2; done
env_args=()
for i in $(seq 0 $((N - 1))); do
  env_args+=("RTCGATE_STREAMS_CAM${i}_SOURCE=rtsp://127.0.0.1:${CAM_PORT}/cam${i}" "RTCGATE_STREAMS_CAM${i}_TRANSPORT=${TRANSPORT}")
done
env "${env_args[@]}" QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 RTCGATE_RTSP_PORT=$RTSP_PORT RTCGATE_RTSP_HOST=127.0.0.1 \
  RTCGATE_WEBRTC_UDP_PORT=$UDP_PORT RTCGATE_WEBRTC_UDP_HOST=127.0.0.1 ${GATEWAY_ENV:-} \
  java ${JAVA_OPTS:--XX:+UseSerialGC -Xmx256m} -Drtcgate.diagnostics.enabled=true -Drtcgate.webrtc.max-offers-per-second-per-client=0 -jar target/quarkus-app/quarkus-run.jar > "$OUT/gateway.log" 2>&1 &
GW=$!; pids+=($GW)
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$HTTP_PORT/v1/diagnostics" > /dev/null && break; sleep 0.2; done
echo "waiting for $N streams online, then ${WARMUP}s warm-up ..."
for _ in $(seq 300); do
  online=$(curl -sf "http://127.0.0.1:$HTTP_PORT/v1/diagnostics" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["onlineStreams"])')
  [ "$online" -ge "$N" ] && break; sleep 0.2
done
FLEET_PID=""
if [ "$VIEWERS" -gt 0 ]; then
  mkfifo "$OUT/fleet.in" 2>/dev/null || true
  java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.rtcgate.bench.ViewerFleet \
    "http://127.0.0.1:$HTTP_PORT" "$N" "$VIEWERS" < "$OUT/fleet.in" > "$OUT/fleet.out" 2> "$OUT/fleet.err" &
  FLEET_PID=$!; pids+=($FLEET_PID)
  exec 7> "$OUT/fleet.in"
  for _ in $(seq 600); do grep -q READY "$OUT/fleet.out" && break; sleep 0.2; done
  echo "fleet: $(grep READY "$OUT/fleet.out")"
fi
sleep "$WARMUP"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK=$(getconf CLK_TCK)
[ -n "$FLEET_PID" ] && echo start >&7
curl -sf "http://127.0.0.1:$HTTP_PORT/v1/diagnostics" > "$OUT/diag0.json"; T0=$(ticks $GW); C0=$(ticks "${pids[0]}"); S0=$(date +%s.%N)
sleep "$SECONDS_RUN"
curl -sf "http://127.0.0.1:$HTTP_PORT/v1/diagnostics" > "$OUT/diag1.json"; T1=$(ticks $GW); C1=$(ticks "${pids[0]}"); S1=$(date +%s.%N)
echo '{}' > "$OUT/fleet.json"
if [ -n "$FLEET_PID" ]; then
  echo stop >&7; exec 7>&-
  for _ in $(seq 100); do grep -q '^{' "$OUT/fleet.out" && break; sleep 0.2; done
  grep '^{' "$OUT/fleet.out" > "$OUT/fleet.json" || true
fi
RSS_KB=$(awk '/VmRSS/{print $2}' /proc/$GW/status)
/usr/bin/python3 - "$OUT" "$N" "$T0" "$T1" "$C0" "$C1" "$S0" "$S1" "$CLK" "$RSS_KB" "$TRANSPORT" "$VIEWERS" <<'PY'
import json, sys
out, n, t0, t1, c0, c1, s0, s1, clk, rss, transport, viewers = sys.argv[1:]
n = int(n); clk = int(clk)
d0 = json.load(open(f"{out}/diag0.json")); d1 = json.load(open(f"{out}/diag1.json"))
wall = float(s1) - float(s0)
pk = d1["inboundPackets"] - d0["inboundPackets"]
proc_cpu_s = (int(t1) - int(t0)) / clk
cam_cpu_s = (int(c1) - int(c0)) / clk
l0 = {t["name"]: t for t in d0["loopThreads"]}
loop_cpu_ns = sum(t["cpuNanos"] - l0[t["name"]]["cpuNanos"] for t in d1["loopThreads"] if t["name"] in l0)
loop_alloc = sum(t["allocatedBytes"] - l0[t["name"]]["allocatedBytes"] for t in d1["loopThreads"] if t["name"] in l0)
u0 = d0.get("udp") or {}; u1 = d1.get("udp") or {}
sent = (u1.get("datagrams", 0) - u0.get("datagrams", 0))
sends = (u1.get("sends", 0) - u0.get("sends", 0))
fleet = json.load(open(f"{out}/fleet.json"))
r = {
  "streams": n, "viewersPerStream": int(viewers), "transport": transport, "seconds": round(wall, 1), "onlineStreams": d1["onlineStreams"],
  "packetsPerSecond": round(pk / wall, 1),
  "accessUnitsPerSecond": round((d1["accessUnits"] - d0["accessUnits"]) / wall, 1),
  "gatewayCpuPercentOfOneCore": round(100 * proc_cpu_s / wall, 2),
  "gatewayCpuMicrosPerPacket": round(proc_cpu_s * 1e6 / pk, 2) if pk else None,
  "eventLoopCpuMicrosPerPacket": round(loop_cpu_ns / 1e3 / pk, 2) if pk else None,
  "eventLoopAllocatedBytesPerPacket": round(loop_alloc / pk, 2) if pk else None,
  "jvmThreads": d1["jvmThreads"], "heapUsedMB": round(d1["heapUsedBytes"] / 2**20, 1),
  "nettyDirectMB": round(d1["nettyDirectBytes"] / 2**20, 1), "rssMB": round(int(rss) / 1024, 1),
  "cameraFleetCpuPercentOfOneCore": round(100 * cam_cpu_s / wall, 2),
}
if int(viewers) > 0:
    r.update({
      "sentDatagramsPerSecond": round(sent / wall, 1),
      "gatewayCpuMicrosPerSentPacket": round(proc_cpu_s * 1e6 / sent, 2) if sent else None,
      "eventLoopAllocatedBytesPerSentPacket": round(loop_alloc / sent, 2) if sent else None,
      "datagramsPerSendCall": round(sent / sends, 2) if sends else None,
      "viewers": fleet.get("viewers"), "viewersFailed": fleet.get("failed"),
      "viewerVideoPacketsPerSecond": round(fleet.get("videoPackets", 0) / wall, 1),
      "viewerFramesPerSecond": round(fleet.get("videoFrames", 0) / wall, 1),
      "viewerSrtpRejected": fleet.get("srtpRejected"),
    })
json.dump(r, open(f"{out}/gateway-cost.json", "w"), indent=2)
w = max(len(k) for k in r)
for k, v in r.items():
    print(f"{k:<{w}}  {v}")
PY
