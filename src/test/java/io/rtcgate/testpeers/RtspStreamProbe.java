package io.rtcgate.testpeers;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An independent RTSP client (ffmpeg/ffprobe) that reads a URL for a while and reports what arrived.
 * Point it at the GStreamer peer or at the gateway's RTSP output.
 *
 * <pre>{@code
 * DecodeResult r = RtspStreamProbe.decode(url, RtspTransport.TCP, Duration.ofSeconds(5));
 * r.frames();            // video frames decoded
 * r.decodeErrors();      // the H.264 decoder complained
 * List<VideoPacket> p = RtspStreamProbe.videoPackets(url, RtspTransport.UDP, Duration.ofSeconds(5));
 * }</pre>
 */
public final class RtspStreamProbe {

    /** Besides the read duration: connect, DESCRIBE/SETUP/PLAY and teardown. */
    private static final Duration SLACK = Duration.ofSeconds(20);
    /** ffmpeg socket I/O timeout, so a silent server ends the read instead of hanging. */
    private static final String SOCKET_TIMEOUT_MICROS = "5000000";

    private RtspStreamProbe() {
    }

    /**
     * Outcome of {@link #decode}.
     *
     * @param frames       video frames ffmpeg decoded (last {@code frame=} of its progress output)
     * @param decodeErrors the H.264 decoder logged a warning or error (corrupt slices, missing references...)
     * @param packetLoss   ffmpeg's RTP layer reported missed packets
     * @param problems     every warning/error line ffmpeg printed
     * @param exitCode     ffmpeg's exit code (-1 if it had to be killed)
     */
    public record DecodeResult(int frames, boolean decodeErrors, boolean packetLoss, List<String> problems,
                               int exitCode) {
    }

    /** One video packet as ffprobe reports it; times are in the stream time base (1/90000 for RTP H.264). */
    public record VideoPacket(long pts, long dts, boolean keyFrame) {
        /** ffprobe prints N/A for unknown times. */
        public static final long UNKNOWN = Long.MIN_VALUE;
    }

    /** {@code ffmpeg -rtsp_transport T -i URL -t SECONDS -map 0:v:0 -f null -}: decodes the video and counts frames. */
    public static DecodeResult decode(URI url, RtspTransport transport, Duration duration) throws IOException {
        List<String> command = List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
                "-rtsp_transport", transport.toolName(), "-timeout", SOCKET_TIMEOUT_MICROS, "-i", url.toString(),
                "-t", seconds(duration), "-map", "0:v:0", "-f", "null", "-", "-progress", "pipe:1");
        PeerProcesses.CommandResult result = PeerProcesses.run(command, duration.plus(SLACK));
        return parseDecode(result.stdout(), result.stderr(), result.exitCode());
    }

    /** {@code ffprobe -read_intervals %+SECONDS -show_entries packet=pts,dts,flags} on the first video stream. */
    public static List<VideoPacket> videoPackets(URI url, RtspTransport transport, Duration duration)
            throws IOException {
        List<String> command = List.of("ffprobe", "-v", "error", "-rtsp_transport", transport.toolName(),
                "-timeout", SOCKET_TIMEOUT_MICROS, "-i", url.toString(), "-read_intervals", "%+" + seconds(duration),
                "-select_streams", "v:0", "-show_entries", "packet=pts,dts,flags", "-of", "compact=p=0:nk=0");
        return parsePackets(PeerProcesses.runOrFail(command, duration.plus(SLACK)));
    }

    static DecodeResult parseDecode(String progress, String stderr, int exitCode) {
        int frames = 0;
        for (String line : progress.split("\n")) {
            if (line.startsWith("frame=")) {
                try {
                    frames = Integer.parseInt(line.substring("frame=".length()).trim());
                } catch (NumberFormatException ignored) {
                    // a torn progress line; the next one will do
                }
            }
        }
        List<String> problems = new ArrayList<>();
        boolean decodeErrors = false;
        boolean packetLoss = false;
        for (String line : stderr.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            problems.add(trimmed);
            if (trimmed.startsWith("[h264 @")) {
                decodeErrors = true;
            }
            if (trimmed.toLowerCase(Locale.ROOT).contains("rtp: missed")) {
                packetLoss = true;
            }
        }
        return new DecodeResult(frames, decodeErrors, packetLoss, List.copyOf(problems), exitCode);
    }

    static List<VideoPacket> parsePackets(String output) {
        List<VideoPacket> packets = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.contains("pts=")) {
                continue;
            }
            long pts = VideoPacket.UNKNOWN;
            long dts = VideoPacket.UNKNOWN;
            boolean key = false;
            for (String field : line.strip().split("\\|")) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = field.substring(0, eq);
                String value = field.substring(eq + 1);
                switch (name) {
                    case "pts" -> pts = time(value);
                    case "dts" -> dts = time(value);
                    case "flags" -> key = value.startsWith("K");
                    default -> { }
                }
            }
            packets.add(new VideoPacket(pts, dts, key));
        }
        return packets;
    }

    private static long time(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return VideoPacket.UNKNOWN;
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }
}
