#!/usr/bin/python3
"""Looping H.264 RTSP server for rtcgate's end-to-end tests (a real third-party peer).

Built on GStreamer's gst-rtsp-server through PyGObject. Run it with /usr/bin/python3
(Debian's python3-gi / python3-gst-1.0); a pyenv python usually has no `gi`.

Each mount point streams a raw Annex-B H.264 clip (.264) forever, in real time:

    multifilesrc location=CLIP loop=true ! h264parse ! [probe: PTS := DTS] ! rtph264pay

Why this pipeline:
  * multifilesrc loop=true re-reads the file after its end; h264parse sees one continuous
    byte stream, so its DTS keep counting (2.000 s follows 1.967 s for a 2 s clip) and the
    RTP timestamps and sequence numbers stay monotonic across the loop boundary.
    (filesrc ends with EOS; matroskademux would need a seek per loop and restart at 0.)
  * h264parse on a timestamp-less byte stream interpolates only DTS (from the SPS timing
    info). rtph264pay stamps RTP from the PTS, so without the probe every RTP timestamp
    is 0. The clips have no B-frames, so PTS == DTS is correct. (h264timestamper from
    gst-plugins-bad 1.22 needs input PTS and outputs none here.)
  * The clip already carries SPS/PPS in-band before every IDR (ffmpeg's h264_mp4toannexb),
    and sprop-parameter-sets is in the SDP.

With --record-mount /NAME the server also accepts a publisher (ANNOUNCE/RECORD, RFC 2326 §10.11) of
H.264 there and prints `RECEIVED /NAME frames=N` on stdout every second: a receiver to check publishers.

Factories are shared (set_shared(True)): N clients of one mount cost one pipeline.
The server binds 127.0.0.1 only and prints `READY rtsp://127.0.0.1:PORT` on stdout once
it is listening. It exits on SIGTERM/SIGINT, after --stop-after seconds, or when stdin
reaches EOF if --exit-on-stdin-eof is given (so it dies with the JVM that started it).
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

ROLE = "tester"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True, help="TCP port to listen on (127.0.0.1)")
    p.add_argument("--mount", action="append", default=[], metavar="/NAME=CLIP.264",
                   help="serve CLIP.264 (raw Annex-B H.264) at /NAME; repeatable")
    p.add_argument("--count", type=int, default=0,
                   help="also serve N mounts /cam0../camN-1, each looping --clip")
    p.add_argument("--clip", help="clip for --count")
    p.add_argument("--record-mount", action="append", default=[], metavar="/NAME",
                   help="accept a publisher (ANNOUNCE/RECORD) of H.264 at /NAME and print "
                        "'RECEIVED /NAME frames=N' on stdout every second; repeatable")
    p.add_argument("--protocols", choices=("tcp", "udp", "both"), default="both",
                   help="lower transports offered to clients (default both)")
    p.add_argument("--user", help="require credentials (with --password)")
    p.add_argument("--password")
    p.add_argument("--auth", choices=("digest", "basic"), default="digest",
                   help="authentication method when --user is set (default digest)")
    p.add_argument("--stop-after", type=float, default=0,
                   help="exit after this many seconds (fault tests); 0 = never")
    p.add_argument("--exit-on-stdin-eof", action="store_true",
                   help="exit when stdin is closed (parent process died)")
    args = p.parse_args(argv)
    if not args.mount and args.count <= 0 and not args.record_mount:
        p.error("nothing to serve: give --mount and/or --count with --clip")
    if args.count > 0 and not args.clip:
        p.error("--count needs --clip")
    if (args.user is None) != (args.password is None):
        p.error("--user and --password go together")
    mounts = []
    for spec in args.mount:
        name, sep, path = spec.partition("=")
        if not sep or not name.startswith("/") or not path:
            p.error("bad --mount %r, expected /name=path/to/clip.264" % spec)
        mounts.append((name, path))
    mounts += [("/cam%d" % i, args.clip) for i in range(args.count)]
    for _, path in mounts:
        if not os.path.isfile(path):
            p.error("clip not found: %s" % path)
    for name in args.record_mount:
        if not name.startswith("/"):
            p.error("bad --record-mount %r, expected /name" % name)
    return args, mounts


def launch_line(clip):
    # GStreamer launch syntax: quote the location so spaces survive.
    location = clip.replace("\\", "\\\\").replace('"', '\\"')
    return ('( multifilesrc location="%s" loop=true ! h264parse name=parse '
            "! rtph264pay name=pay0 pt=96 )" % location)


def copy_dts_to_pts(_pad, info):
    buf = info.get_buffer()
    if buf is not None and buf.pts == Gst.CLOCK_TIME_NONE:
        # Buffers leaving h264parse have a single owner here; PTS == DTS without B-frames.
        buf.pts = buf.dts
    return Gst.PadProbeReturn.OK


def on_media_configure(_factory, media):
    parse = media.get_element().get_by_name("parse")
    parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, copy_dts_to_pts)


class RecordCounter:
    """Counts H.264 access units received on one RECORD mount."""

    def __init__(self, name):
        self.name = name
        self.frames = 0

    def on_media_configure(self, _factory, media):
        sink = media.get_element().get_by_name("sink")
        sink.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, self.count)

    def count(self, _pad, _info):
        self.frames += 1
        return Gst.PadProbeReturn.OK


def lower_transports(protocols):
    tcp, udp = GstRtsp.RTSPLowerTrans.TCP, GstRtsp.RTSPLowerTrans.UDP
    return {"tcp": tcp, "udp": udp, "both": tcp | udp}[protocols]


def make_auth(args):
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", ROLE)
    if args.auth == "digest":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(args.user, args.password, token)
    else:
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
    return auth


def make_permissions():
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role(ROLE, "media.factory.access", True)
    permissions.add_permission_for_role(ROLE, "media.factory.construct", True)
    return permissions


def main(argv):
    args, mounts = parse_args(argv)
    Gst.init(None)
    loop = GLib.MainLoop()

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    if args.user is not None:
        server.set_auth(make_auth(args))

    mount_points = server.get_mount_points()
    for name, clip in mounts:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(os.path.abspath(clip)))
        factory.set_shared(True)
        factory.set_protocols(lower_transports(args.protocols))
        if args.user is not None:
            factory.set_permissions(make_permissions())
        factory.connect("media-configure", on_media_configure)
        mount_points.add_factory(name, factory)

    counters = []
    for name in args.record_mount:
        counter = RecordCounter(name)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
        factory.set_launch("( rtph264depay name=depay0 ! h264parse ! video/x-h264,alignment=au "
                           "! fakesink name=sink sync=false async=false )")
        factory.set_protocols(lower_transports(args.protocols))
        if args.user is not None:
            factory.set_permissions(make_permissions())
        factory.connect("media-configure", counter.on_media_configure)
        mount_points.add_factory(name, factory)
        counters.append(counter)

    try:
        server.attach(None)
    except GLib.Error as e:
        print("cannot listen on 127.0.0.1:%d: %s" % (args.port, e.message), file=sys.stderr)
        return 2

    def quit_loop(*_):
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, quit_loop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, quit_loop)
    if args.stop_after > 0:
        GLib.timeout_add(int(args.stop_after * 1000), quit_loop)
    if args.exit_on_stdin_eof:
        def on_stdin(fd, _cond):
            if not os.read(fd, 4096):
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE
        GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, sys.stdin.fileno(),
                              GLib.IOCondition.IN | GLib.IOCondition.HUP, on_stdin)

    if counters:
        def report():
            for c in counters:
                print("RECEIVED %s frames=%d" % (c.name, c.frames), flush=True)
            return GLib.SOURCE_CONTINUE
        GLib.timeout_add(1000, report)

    print("READY rtsp://127.0.0.1:%d" % args.port, flush=True)
    print("serving %d mount(s): %s%s" % (len(mounts), " ".join(n for n, _ in mounts[:8]),
                                         " ..." if len(mounts) > 8 else ""),
          file=sys.stderr, flush=True)
    if args.record_mount:
        print("recording at: %s" % " ".join(args.record_mount), file=sys.stderr, flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
