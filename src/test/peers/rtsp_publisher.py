#!/usr/bin/python3
"""Publishes a looping H.264 clip to an RTSP server with GStreamer's rtspclientsink (ANNOUNCE/RECORD).

    multifilesrc location=CLIP.264 loop=true ! h264parse ! [probe: PTS := DTS] ! rtspclientsink

Same source as rtsp_server.py (see there why: continuous timestamps across loops, PTS from DTS).
rtspclientsink paces by the clock (sinks sync), so the clip goes out in real time.
Run with /usr/bin/python3. Exits on SIGTERM/SIGINT, on stdin EOF with --exit-on-stdin-eof, and with
status 1 on a pipeline error (printed to stderr). Prints `PUBLISHING URL` once the pipeline is PLAYING.
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clip", required=True, help="raw Annex-B H.264 clip (.264)")
    p.add_argument("--url", required=True, help="rtsp://host:port/name (no credentials in it)")
    p.add_argument("--protocols", choices=("tcp", "udp"), default="tcp")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--exit-on-stdin-eof", action="store_true")
    args = p.parse_args(argv)
    if not os.path.isfile(args.clip):
        p.error("clip not found: %s" % args.clip)

    Gst.init(None)
    pipeline = Gst.Pipeline.new("publisher")
    src = Gst.ElementFactory.make("multifilesrc")
    src.set_property("location", os.path.abspath(args.clip))
    src.set_property("loop", True)
    parse = Gst.ElementFactory.make("h264parse")
    sink = Gst.ElementFactory.make("rtspclientsink")
    sink.set_property("location", args.url)
    sink.set_property("protocols", args.protocols)
    if args.user is not None:
        sink.set_property("user-id", args.user)
        sink.set_property("user-pw", args.password or "")
    for element in (src, parse, sink):
        pipeline.add(element)
    src.link(parse)
    parse.link(sink)

    def copy_dts_to_pts(_pad, info):
        buf = info.get_buffer()
        if buf is not None and buf.pts == Gst.CLOCK_TIME_NONE:
            buf.pts = buf.dts
        return Gst.PadProbeReturn.OK

    parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, copy_dts_to_pts)

    loop = GLib.MainLoop()
    status = {"code": 0, "announced": False}

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print("ERROR %s (%s)" % (error.message, debug), file=sys.stderr, flush=True)
            status["code"] = 1
            loop.quit()
        elif message.type == Gst.MessageType.EOS:
            print("EOS", file=sys.stderr, flush=True)
            loop.quit()
        elif (message.type == Gst.MessageType.STATE_CHANGED and message.src is pipeline
              and not status["announced"]):
            _old, new, _pending = message.parse_state_changed()
            if new == Gst.State.PLAYING:
                status["announced"] = True
                print("PUBLISHING %s" % args.url, flush=True)

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)

    def quit_loop(*_):
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, quit_loop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, quit_loop)
    if args.exit_on_stdin_eof:
        def on_stdin(fd, _cond):
            if not os.read(fd, 4096):
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE
        GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, sys.stdin.fileno(),
                              GLib.IOCondition.IN | GLib.IOCondition.HUP, on_stdin)

    pipeline.set_state(Gst.State.PLAYING)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    return status["code"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
