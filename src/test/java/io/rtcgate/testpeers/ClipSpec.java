package io.rtcgate.testpeers;

import java.util.ArrayList;
import java.util.List;

/**
 * The pre-encoded clips the end-to-end tests use, and the facts fixed by their ffmpeg command.
 *
 * <p>All video is H.264 640x360 at 30 fps from {@code testsrc2}, a fixed 1 s GOP
 * ({@code -g 30 -keyint_min 30 -sc_threshold 0}), about 1 Mbit/s, encoded with libx264 defaults
 * (not {@code -tune zerolatency}, so one slice per frame). Audio, where present, is a 440 Hz sine.
 * {@link TestClipsTest} checks these facts against ffprobe.
 */
public enum ClipSpec {
    /** 10 s, Main profile, no B-frames, no audio. */
    VIDEO("video-10s", 10, "main", 0, null),
    /** 2 s variant of {@link #VIDEO}, for tests that must cross a loop boundary quickly. */
    VIDEO_SHORT("video-2s", 2, "main", 0, null),
    /** 10 s, High profile with 2 B-frames (decode order differs from presentation order). */
    B_FRAMES("bframes-10s", 10, "high", 2, null),
    /** {@link #VIDEO} plus Opus audio, 48 kHz stereo, 64 kbit/s. */
    OPUS("opus-10s", 10, "main", 0, Audio.OPUS),
    /** {@link #VIDEO} plus G.711 mu-law audio (PCMU), 8 kHz mono. */
    PCMU("pcmu-10s", 10, "main", 0, Audio.PCMU),
    /** {@link #VIDEO} plus G.711 A-law audio (PCMA), 8 kHz mono. */
    PCMA("pcma-10s", 10, "main", 0, Audio.PCMA),
    /** As {@link #VIDEO} with a 5 s GOP: a viewer joining just after a keyframe has seconds before the next one. */
    LONG_GOP("video-gop5s-10s", 10, "main", 0, null, 150);

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int FPS = 30;
    /** Frames from one IDR to the next, for every clip but {@link #LONG_GOP}. */
    public static final int GOP_FRAMES = 30;

    /** Audio tracks: ffmpeg codec name (as ffprobe reports it), encoder, sample rate, channels. */
    public enum Audio {
        OPUS("opus", "libopus", 48_000, 2, List.of("-b:a", "64k")),
        PCMU("pcm_mulaw", "pcm_mulaw", 8_000, 1, List.of()),
        PCMA("pcm_alaw", "pcm_alaw", 8_000, 1, List.of());

        public final String codecName;
        final String encoder;
        public final int sampleRate;
        public final int channels;
        final List<String> extraArgs;

        Audio(String codecName, String encoder, int sampleRate, int channels, List<String> extraArgs) {
            this.codecName = codecName;
            this.encoder = encoder;
            this.sampleRate = sampleRate;
            this.channels = channels;
            this.extraArgs = extraArgs;
        }
    }

    final String baseName;
    public final int durationSeconds;
    public final String profile;
    public final int bFrames;
    /** null when the clip has no audio. */
    public final Audio audio;
    /** Frames from one IDR to the next in this clip. */
    public final int gopFrames;

    ClipSpec(String baseName, int durationSeconds, String profile, int bFrames, Audio audio) {
        this(baseName, durationSeconds, profile, bFrames, audio, GOP_FRAMES);
    }

    ClipSpec(String baseName, int durationSeconds, String profile, int bFrames, Audio audio, int gopFrames) {
        this.gopFrames = gopFrames;
        this.baseName = baseName;
        this.durationSeconds = durationSeconds;
        this.profile = profile;
        this.bFrames = bFrames;
        this.audio = audio;
    }

    public int videoFrames() {
        return durationSeconds * FPS;
    }

    /** Key frames in the clip. */
    public int keyFrames() {
        return (videoFrames() + gopFrames - 1) / gopFrames;
    }

    public boolean hasBFrames() {
        return bFrames > 0;
    }

    /** ffmpeg arguments (after the program name) that write this clip as Matroska to {@code output}. */
    List<String> ffmpegMkvArgs(String output) {
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FPS));
        if (audio != null) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + audio.sampleRate));
        }
        args.addAll(List.of("-t", Integer.toString(durationSeconds),
                "-map", "0:v"));
        args.addAll(List.of("-c:v", "libx264", "-profile:v", profile, "-preset", "veryfast", "-pix_fmt", "yuv420p",
                "-g", Integer.toString(gopFrames), "-keyint_min", Integer.toString(gopFrames), "-sc_threshold", "0",
                "-bf", Integer.toString(bFrames), "-b:v", "1M", "-maxrate", "1M", "-bufsize", "2M"));
        if (audio != null) {
            args.addAll(List.of("-map", "1:a", "-c:a", audio.encoder, "-ar", Integer.toString(audio.sampleRate),
                    "-ac", Integer.toString(audio.channels)));
            args.addAll(audio.extraArgs);
        }
        args.addAll(List.of("-f", "matroska", output));
        return args;
    }

    /** ffmpeg arguments that copy the video of {@code mkv} into a raw Annex-B stream (SPS/PPS before each IDR). */
    static List<String> ffmpegAnnexBArgs(String mkv, String output) {
        return List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", mkv, "-map", "0:v", "-c:v", "copy",
                "-bsf:v", "h264_mp4toannexb", "-f", "h264", output);
    }
}
