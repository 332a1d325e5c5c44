#!/usr/bin/env bash
# Builds the rtcgate JVM image with podman from a base image made on this machine (no registry needed), then runs the
# gateway in it and checks that it answers.
#
#   src/main/docker/build-image.sh            # base (if missing) + image + smoke run
#   SKIP_RUN=1 src/main/docker/build-image.sh # base + image only
#
# Steps:
#   1. base image localhost/rtcgate-base:17: a jlink'ed Java 17 runtime (only the modules the gateway uses) at /opt/java,
#      the glibc/libstdc++ libraries it links against (found with ldd), /bin/sh (dash) and a world-writable /tmp (Netty
#      unpacks its epoll library there); the rootfs is packed with tar and `podman import`ed. Rebuilt only when missing
#      or REBUILD_BASE=1.
#   2. image rtcgate:$TAG from src/main/docker/Dockerfile.jvm with --build-arg BASE_IMAGE=localhost/rtcgate-base:17.
#   3. smoke run: the container on the host network with RTSP/HTTP/UDP on free ports, wait for the health endpoints,
#      stop it with SIGTERM and check it drained and exited 0.
#
# podman runs with `--runtime runc` and explicit ulimits: crun cannot set rlimits without CAP_SYS_RESOURCE in this sandbox.
set -euo pipefail

cd "$(dirname "$0")/../../.."
ROOT=$(pwd)

TAG=${TAG:-$(git rev-parse --short HEAD 2>/dev/null || echo dev)}
IMAGE=${IMAGE:-localhost/rtcgate}
BASE_IMAGE=${BASE_IMAGE:-localhost/rtcgate-base:17}
JDK_HOME=${JDK_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
# Modules of the runtime, chosen by hand and verified by the smoke run below (start-up, DTLS key warm-up, epoll):
# jdk.unsupported for Netty's Unsafe, jdk.crypto.ec for EC keys, jdk.management for the JVM's CPU metrics
# (process_cpu_usage), jdk.jfr for on-demand recordings. Add a module here if a new dependency needs one.
JAVA_MODULES=${JAVA_MODULES:-java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,java.instrument,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.localedata}
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
PODMAN=(podman --runtime runc)
HEALTH_PATH=${HEALTH_PATH:-/q/health/live}

log() { printf '[build-image] %s\n' "$*" >&2; }

command -v podman >/dev/null || { log "podman is missing (apt-get install -y podman runc)"; exit 2; }
[ -x "$JDK_HOME/bin/jlink" ] || { log "no jlink under JDK_HOME=$JDK_HOME"; exit 2; }
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  log "target/quarkus-app missing: running mvn package"
  mvn -B -q -o package -DskipTests
fi

make_base() {
  local work rootfs
  work=$(mktemp -d)
  rootfs=$work/rootfs
  trap 'rm -rf "$work"' RETURN
  log "jlink $JAVA_MODULES"
  "$JDK_HOME/bin/jlink" --add-modules "$JAVA_MODULES" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$rootfs/opt/java"
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/deployments"
  chmod 1777 "$rootfs/tmp"
  cp -L /bin/dash "$rootfs/bin/sh"
  # Netty's epoll library is unpacked from its jar at run time: its dependencies (libdl, libpthread...) must be there too.
  mkdir -p "$work/native"
  local jar
  for jar in target/quarkus-app/lib/main/*native-epoll*linux-x86_64*.jar; do
    [ -f "$jar" ] && (cd "$work/native" && "$JDK_HOME/bin/jar" xf "$ROOT/$jar" META-INF/native)
  done
  # Shared libraries of the runtime, of Netty's natives and of sh, with their loader, at the paths the binaries expect.
  local lib
  for lib in $( { find "$rootfs/opt/java" "$work/native" -name '*.so' -o -path '*/bin/*' -type f; echo "$rootfs/bin/sh"; } \
                | xargs ldd 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | sort -u); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  # Name-service files the JVM reads when it looks up its own host name.
  printf 'root:x:0:0:root:/root:/bin/sh\njboss:x:185:185:rtcgate:/deployments:/bin/sh\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\njboss:x:185:\n' > "$rootfs/etc/group"
  printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  if [ -e /lib64/ld-linux-x86-64.so.2 ] && [ ! -e "$rootfs/lib64/ld-linux-x86-64.so.2" ]; then
    mkdir -p "$rootfs/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
  fi
  log "base rootfs: $(du -sh "$rootfs" | cut -f1)"
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf - . \
    | "${PODMAN[@]}" import --change 'ENV JAVA_HOME=/opt/java' --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
        --change 'CMD ["/bin/sh"]' - "$BASE_IMAGE" >/dev/null
}

if [ "${REBUILD_BASE:-0}" = 1 ] || ! "${PODMAN[@]}" image exists "$BASE_IMAGE"; then
  make_base
fi
"${PODMAN[@]}" run --rm "${ULIMITS[@]}" --network none "$BASE_IMAGE" /opt/java/bin/java -version 2>&1 | sed -n 1p >&2

log "building $IMAGE:$TAG from $BASE_IMAGE"
"${PODMAN[@]}" build "${ULIMITS[@]}" --pull=never -f src/main/docker/Dockerfile.jvm \
  --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE:$TAG" -t "$IMAGE:latest" "$ROOT"
log "image size: $("${PODMAN[@]}" image inspect "$IMAGE:$TAG" --format '{{.Size}}' | awk '{printf "%.1f MiB", $1/1048576}')"

# The production flags take effect: src/main/jvm/production.args gives SerialGC and a 128 MiB heap, under any limit.
gc_init=$("${PODMAN[@]}" run --rm "${ULIMITS[@]}" --network none --memory 512m --entrypoint /bin/sh "$IMAGE:$TAG" \
  -c 'exec java @/deployments/production.args $JAVA_OPTS -Xlog:gc*=info:stdout -version' 2>/dev/null | grep -E 'Using|Heap Max Capacity' || true)
log "JVM under --memory 512m: $(echo "$gc_init" | sed 's/^\[[^]]*\]\[[^]]*\]\[[^]]*\] *//' | tr '\n' ' ')"
max_heap_mb=$(echo "$gc_init" | sed -n 's/.*Heap Max Capacity: \([0-9]*\)M.*/\1/p')
if [ -z "$max_heap_mb" ] || [ "$max_heap_mb" -ne 128 ]; then
  log "FAIL: heap ${max_heap_mb:-?} MiB is not the 128 MiB of production.args (flags file not used?)"; exit 1
fi

[ "${SKIP_RUN:-0}" = 1 ] && exit 0

free_port() { python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}
HTTP_PORT=$(free_port tcp); RTSP_PORT=$(free_port tcp); UDP_PORT=$(free_port udp)
NAME=rtcgate-smoke-$$
log "running $NAME: http $HTTP_PORT, rtsp $RTSP_PORT, udp $UDP_PORT (host network, bound to 127.0.0.1)"
# Host network: bridge networking needs iptables/netns rights this sandbox may lack; the ports stay on loopback.
"${PODMAN[@]}" run -d --name "$NAME" "${ULIMITS[@]}" --network host --read-only --tmpfs /tmp:rw,exec,size=64m \
  --memory 512m \
  -e QUARKUS_HTTP_HOST=127.0.0.1 -e QUARKUS_HTTP_PORT="$HTTP_PORT" \
  -e RTCGATE_RTSP_HOST=127.0.0.1 -e RTCGATE_RTSP_PORT="$RTSP_PORT" \
  -e RTCGATE_WEBRTC_UDP_HOST=127.0.0.1 -e RTCGATE_WEBRTC_UDP_PORT="$UDP_PORT" -e RTCGATE_WEBRTC_HOSTS=127.0.0.1 \
  "$IMAGE:$TAG" >/dev/null
cleanup() { "${PODMAN[@]}" rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT

ok=""
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$HTTP_PORT$HEALTH_PATH" -o /tmp/$NAME.health 2>/dev/null; then ok=1; break; fi
  sleep 1
done
"${PODMAN[@]}" logs "$NAME" 2>&1 | tail -n 20 >&2
[ -n "$ok" ] || { log "FAIL: gateway did not answer on $HEALTH_PATH"; exit 1; }
log "answered ($HEALTH_PATH): $(head -c 300 /tmp/$NAME.health)"
rm -f /tmp/$NAME.health
for probe in /q/health/started /q/health/ready; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT$probe")
  log "$probe: HTTP $code"
  [ "$code" = 200 ] || { log "FAIL: $probe is not up on an idle gateway"; exit 1; }
done
log "process user in container: $("${PODMAN[@]}" top "$NAME" user pid args | tail -n +2)"
if "${PODMAN[@]}" logs "$NAME" 2>&1 | grep -q 'native epoll unavailable'; then
  log "FAIL: native epoll did not load in the image"; exit 1
fi

log "SIGTERM"
"${PODMAN[@]}" stop -t 60 "$NAME" >/dev/null
code=$("${PODMAN[@]}" inspect "$NAME" --format '{{.State.ExitCode}}')
log "exit code after SIGTERM: $code"
# The drain (rtcgate.drain-timeout) handles SIGTERM and exits 0.
[ "$code" = 0 ] || { log "FAIL: exit code $code after SIGTERM, expected 0 (drain)"; exit 1; }
log "OK: $IMAGE:$TAG"
