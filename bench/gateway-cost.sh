#!/usr/bin/env bash
# Thin wrapper around the benchmark (io.rtcgate.bench.GatewayBenchmark, run by the Maven 'bench' profile after package):
# a camera fleet, the gateway with the production JVM flags, a WHEP viewer fleet; table on stdout, JSON in target/bench/.
#   usage: bench/gateway-cost.sh [streams=64] [viewers-per-stream=1] [seconds=60] [extra -Dbench.* options...]
#   e.g.   bench/gateway-cost.sh 64 1 60 -Dbench.compare=all
#          bench/gateway-cost.sh 64 1 60 -Dbench.scale=streams
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMS=${1:-64}; VIEWERS=${2:-1}; SECONDS_RUN=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
exec mvn -B -q -Pbench verify -Dbench.streams="$STREAMS" -Dbench.viewers="$VIEWERS" -Dbench.seconds="$SECONDS_RUN" "$@"
