package io.rtcgate.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving RTSP camera on 127.0.0.1 for fault tests: each path is one {@link Behaviour}. It speaks just enough RTSP
 * (by hand, so it can break the rules on purpose) and sends hand-made RTP. Bounded: at most {@link #MAX_CONNECTIONS}
 * connections over its life, each at most a few seconds.
 */
public final class ScriptedRtspCamera implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 400;

    /** What the camera does on a path. */
    public enum Behaviour {
        /** Answers every request with bytes that are not RTSP. */
        GARBAGE_RESPONSE,
        /** Answers DESCRIBE with a body that is not SDP. */
        BAD_SDP,
        /** Answers DESCRIBE with an absurd Content-Length (2 GB). */
        ABSURD_CONTENT_LENGTH,
        /** Accepts the connection and never answers. */
        NO_ANSWER,
        /** Plays, then sends good and bad interleaved data: garbage between frames, FU-A without start, bad RTP, a truncated frame. */
        BAD_FRAMES;

        public String streamName() {
            return "scripted_" + name().toLowerCase(Locale.ROOT);
        }
    }

    // One 64x64 baseline frame from x264 (ffmpeg -f lavfi -i testsrc=size=64x64 -frames:v 1 -c:v libx264 -profile:v baseline):
    // its SPS, PPS and IDR slice, enough to make real access units.
    static final byte[] SPS = hex("6742c00ad90426c044000003000400000300f03c489920");
    static final byte[] PPS = hex("68cb83cb20");
    static final byte[] IDR = hex("6588840c70c6001f2437d9cd8382cebd7bf81163331eb800f5e79164062feba024e6663d78710094880006c0c604dbc363bf868011e4a61f66084092905998395c4a529430d4500307bca2fb1e001ebbaa20a7e0c384c03004080100029810525b00d5f02c70cf70fd9499800ddf1a687c43c3fe1a80e219c34b7f0621b23dce12008700058402c0d6410892c037ca640179e7efd00dcca6204d9e7f987d6294f2c00e0484b303bc78a007f6e6f8010735756f9e04bbdcbf62aff7ef0808b26040006c000b4391f4f9e6df9d652e068727ce0c0a8da764da3eccc41da1f84e01319d6ff829fbfb69efc6567492d66ffe07d837addc67f061ccf6a76ff4a7d22c39f002ca55d557cd0191ede95997d8cfba4ffbffb35eef9df843fff04103841568300af64c868e1757bd3ccfaffffb304380e098752640275d6fa7dfed6218f0c14038b00025c48fe24f4f0324072c832df96006041fc093e060002208090c000a0050180b9223f2c88fe9c298a60ca9600cbb73173b7e47f90028020f2f7eba943967da20f481920e5b0117a7dfffb6f080801f1e1020f0165e201f0c81a2bf11e6f77820fc75843a34bfc6572fff0c42eb2f100fc403cdf01abc2a05de5bb2a9b5d6fac280008130e3c20002635980ebe25890131258097c400af2a8518a3c00c8fc40275fad861d9ca001ed8befde010d5f3a2ee2a781e35614b7c080230420040ec1714393ddc78a3833acdc848111fb3152e0");

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    private ScriptedRtspCamera(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "scripted-camera");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static ScriptedRtspCamera start() throws IOException {
        return new ScriptedRtspCamera(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public String url(Behaviour behaviour) {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/" + behaviour.name().toLowerCase(Locale.ROOT);
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                    socket.close();
                    continue;
                }
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), "scripted-camera-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    sleep(50);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                Behaviour behaviour = behaviourOf(request.uri);
                if (behaviour == null) {
                    reply(out, request.cseq, "404 Not Found", "", "");
                    continue;
                }
                switch (behaviour) {
                    case NO_ANSWER -> {
                        sleep(4000);
                        return;
                    }
                    case GARBAGE_RESPONSE -> {
                        out.write("\u0001\u0002 this is no RTSP \u00ff\u00fe\r\n\r\nHTTP/9 what\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        sleep(3000);
                        return;
                    }
                    default -> {
                        if (!answer(behaviour, request, out)) {
                            return;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the gateway closed the connection: expected in every fault case
        } finally {
            open.remove(socket);
        }
    }

    /** Returns false when the connection should end. */
    private boolean answer(Behaviour behaviour, Request request, OutputStream out) throws IOException {
        switch (request.method) {
            case "OPTIONS" -> reply(out, request.cseq, "200 OK", "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n", "");
            case "DESCRIBE" -> {
                if (behaviour == Behaviour.BAD_SDP) {
                    reply(out, request.cseq, "200 OK", "Content-Type: application/sdp\r\n", "this is not\nan SDP = at all\n");
                } else if (behaviour == Behaviour.ABSURD_CONTENT_LENGTH) {
                    out.write(("RTSP/1.0 200 OK\r\nCSeq: " + request.cseq + "\r\nContent-Type: application/sdp\r\n"
                            + "Content-Length: 2000000000\r\n\r\nv=0\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sleep(3000);
                    return false;
                } else {
                    String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=scripted\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
                            + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:track1\r\n";
                    reply(out, request.cseq, "200 OK", "Content-Type: application/sdp\r\nContent-Base: " + request.uri + "/\r\n", sdp);
                }
            }
            case "SETUP" -> reply(out, request.cseq, "200 OK",
                    "Session: 12345678;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", "");
            case "PLAY" -> {
                reply(out, request.cseq, "200 OK", "Session: 12345678\r\n", "");
                sendBadFrames(out);
                return false;
            }
            case "TEARDOWN" -> {
                reply(out, request.cseq, "200 OK", "", "");
                return false;
            }
            default -> reply(out, request.cseq, "501 Not Implemented", "", "");
        }
        return true;
    }

    /** Good access units with every kind of damage in between, then a truncated frame and a closed connection. */
    private static void sendBadFrames(OutputStream out) throws IOException {
        int seq = 1000;
        long ts = 90000;
        for (int au = 0; au < 20; au++) {
            frame(out, 0, rtp(96, seq++, ts, false, SPS));
            frame(out, 0, rtp(96, seq++, ts, false, PPS));
            frame(out, 0, rtp(96, seq++, ts, true, IDR));
            ts += 3000;
            out.write("garbage between frames\r\n".getBytes(StandardCharsets.US_ASCII)); // not '$', not RTSP
            // FU-A (type 28) middle fragment without a start fragment: indicator 0x7c, header 0x05 (no S/E bits)
            frame(out, 0, rtp(96, seq++, ts, false, new byte[] {0x7c, 0x05, 1, 2, 3, 4}));
            frame(out, 0, new byte[] {0x40, 0x60, 0, 1}); // RTP version 1, too short
            frame(out, 7, rtp(96, seq++, ts, true, IDR)); // a channel that was never set up
            frame(out, 0, rtp(96, seq++, ts, true, new byte[0])); // empty payload
            out.flush();
            sleep(30);
        }
        // a truncated frame: the header promises 60000 bytes, 10 arrive, then the connection closes
        out.write(new byte[] {'$', 0, (byte) 0xEA, 0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        out.flush();
        sleep(100);
    }

    static byte[] rtp(int pt, int seq, long ts, boolean marker, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = 0x12;
        p[9] = 0x34;
        p[10] = 0x56;
        p[11] = 0x78;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private static void frame(OutputStream out, int channel, byte[] data) throws IOException {
        out.write('$');
        out.write(channel);
        out.write(data.length >> 8);
        out.write(data.length);
        out.write(data);
    }

    private static void reply(OutputStream out, int cseq, String status, String headers, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "RTSP/1.0 " + status + "\r\nCSeq: " + cseq + "\r\n" + headers
                + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
    }

    private static Behaviour behaviourOf(String uri) {
        for (Behaviour b : Behaviour.values()) {
            if (uri.contains("/" + b.name().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        return null;
    }

    private record Request(String method, String uri, int cseq) {
        /** Reads one request (headers only; our client sends no bodies); null at end of stream. */
        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (b == '$' && head.size() == 0) {
                    // an interleaved frame from the client (receiver report): skip it
                    int channel = in.read();
                    int length = (in.read() << 8) | in.read();
                    if (channel < 0 || length < 0) {
                        return null;
                    }
                    in.skipNBytes(length);
                    continue;
                }
                head.write(b);
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (head.size() > 16384) {
                    return null;
                }
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
            String[] first = lines[0].split(" ");
            int cseq = 0;
            for (String line : lines) {
                if (line.regionMatches(true, 0, "CSeq:", 0, 5)) {
                    cseq = Integer.parseInt(line.substring(5).trim());
                }
            }
            return new Request(first[0], first.length > 1 ? first[1] : "", cseq);
        }
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
