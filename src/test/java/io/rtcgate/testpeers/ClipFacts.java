package io.rtcgate.testpeers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What ffprobe says about a clip file (Matroska or raw Annex-B): the facts tests compare against.
 *
 * @param videoFrames      decoded video frames
 * @param fps              video frame rate (r_frame_rate)
 * @param gopFrames        frames from one key frame to the next, when all GOPs (but the last) have that length;
 *                         0 when they differ or there is only one key frame
 * @param keyFrames        number of key frames
 * @param bFrames          frames whose picture type is B
 * @param audioCodec       ffprobe's codec name of the first audio stream, or null without audio
 * @param durationSeconds  container duration, or 0 when the format has none (raw .264)
 */
public record ClipFacts(String videoCodec, String profile, int width, int height, double fps, int videoFrames,
                        int gopFrames, int keyFrames, int bFrames, String audioCodec, int audioSampleRate,
                        int audioChannels, double durationSeconds) {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    /** Runs ffprobe twice (streams, then every video frame) on a local file. */
    public static ClipFacts probe(Path clip) throws IOException {
        Map<String, String> streams = flat(PeerProcesses.runOrFail(List.of("ffprobe", "-v", "error",
                "-show_entries", "stream=codec_type,codec_name,profile,width,height,r_frame_rate,sample_rate,channels"
                        + ":format=duration", "-of", "flat", clip.toString()), PROBE_TIMEOUT));
        Map<String, String> frames = flat(PeerProcesses.runOrFail(List.of("ffprobe", "-v", "error",
                "-select_streams", "v:0", "-show_entries", "frame=key_frame,pict_type", "-of", "flat",
                clip.toString()), PROBE_TIMEOUT));

        String video = streamPrefix(streams, "video");
        if (video == null) {
            throw new IOException("no video stream in " + clip);
        }
        String audio = streamPrefix(streams, "audio");

        List<Integer> keyFrameIndices = new ArrayList<>();
        int frameCount = 0;
        int bFrameCount = 0;
        while (frames.containsKey("frames.frame." + frameCount + ".key_frame")) {
            if ("1".equals(frames.get("frames.frame." + frameCount + ".key_frame"))) {
                keyFrameIndices.add(frameCount);
            }
            if ("B".equals(frames.get("frames.frame." + frameCount + ".pict_type"))) {
                bFrameCount++;
            }
            frameCount++;
        }
        return new ClipFacts(streams.get(video + "codec_name"), streams.get(video + "profile"),
                integer(streams.get(video + "width")), integer(streams.get(video + "height")),
                rational(streams.get(video + "r_frame_rate")), frameCount, uniformGop(keyFrameIndices),
                keyFrameIndices.size(), bFrameCount,
                audio == null ? null : streams.get(audio + "codec_name"),
                audio == null ? 0 : integer(streams.get(audio + "sample_rate")),
                audio == null ? 0 : integer(streams.get(audio + "channels")),
                decimal(streams.get("format.duration")));
    }

    private static int uniformGop(List<Integer> keyFrameIndices) {
        if (keyFrameIndices.size() < 2) {
            return 0;
        }
        int gop = keyFrameIndices.get(1) - keyFrameIndices.get(0);
        for (int i = 2; i < keyFrameIndices.size(); i++) {
            if (keyFrameIndices.get(i) - keyFrameIndices.get(i - 1) != gop) {
                return 0;
            }
        }
        return gop;
    }

    /** ffprobe's {@code -of flat} output: {@code a.b.c="value"} per line, quotes removed. */
    static Map<String, String> flat(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, eq).trim(), value);
        }
        return values;
    }

    private static String streamPrefix(Map<String, String> streams, String codecType) {
        for (int i = 0; streams.containsKey("streams.stream." + i + ".codec_type"); i++) {
            if (codecType.equals(streams.get("streams.stream." + i + ".codec_type"))) {
                return "streams.stream." + i + ".";
            }
        }
        return null;
    }

    private static int integer(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double decimal(String value) {
        try {
            return value == null ? 0 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double rational(String value) {
        if (value == null) {
            return 0;
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            return decimal(value);
        }
        double denominator = decimal(value.substring(slash + 1));
        return denominator == 0 ? 0 : decimal(value.substring(0, slash)) / denominator;
    }
}
