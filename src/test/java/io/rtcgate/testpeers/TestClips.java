package io.rtcgate.testpeers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pre-encoded H.264 clips for the end-to-end tests, generated with ffmpeg once and cached under
 * {@code target/test-clips/}. See {@link ClipSpec} for what each clip is.
 *
 * <p>Each clip exists as Matroska ({@code .mkv}, for {@code ffmpeg -stream_loop -1 ... -c copy}) and, on request,
 * as raw Annex-B ({@code .264}, for the GStreamer server's {@code multifilesrc loop=true}). File names carry a hash
 * of the ffmpeg command, so changing a recipe makes a new file. Generation writes a temp file in the same
 * directory and renames it atomically into place, so two JVMs (or threads) racing on the same clip both end up
 * with a complete file and never see a partial one.
 *
 * <pre>{@code
 * Path clip = TestClips.videoMkv();             // 10 s, 300 frames, GOP 30
 * Path raw = TestClips.shortVideoAnnexB();      // 2 s, for loop-boundary tests
 * ClipFacts facts = TestClips.facts(clip);      // ffprobe'd, cached
 * }</pre>
 */
public final class TestClips {

    private static final Duration ENCODE_TIMEOUT = Duration.ofSeconds(120);
    private static final TestClips DEFAULT = new TestClips(PeerProcesses.projectDir().resolve("target/test-clips"));
    private static final Map<Path, ClipFacts> FACTS = new ConcurrentHashMap<>();

    private final Path directory;

    /** A cache in {@code directory}; tests use their own directory, everything else the static methods. */
    TestClips(Path directory) {
        this.directory = directory;
    }

    public static Path videoMkv() {
        return DEFAULT.mkv(ClipSpec.VIDEO);
    }

    public static Path videoAnnexB() {
        return DEFAULT.annexB(ClipSpec.VIDEO);
    }

    public static Path shortVideoMkv() {
        return DEFAULT.mkv(ClipSpec.VIDEO_SHORT);
    }

    public static Path shortVideoAnnexB() {
        return DEFAULT.annexB(ClipSpec.VIDEO_SHORT);
    }

    public static Path bFramesMkv() {
        return DEFAULT.mkv(ClipSpec.B_FRAMES);
    }

    /** Raw B-frame stream. The GStreamer server stamps PTS := DTS, so served RTP timestamps follow decode order. */
    public static Path bFramesAnnexB() {
        return DEFAULT.annexB(ClipSpec.B_FRAMES);
    }

    public static Path opusMkv() {
        return DEFAULT.mkv(ClipSpec.OPUS);
    }

    public static Path pcmuMkv() {
        return DEFAULT.mkv(ClipSpec.PCMU);
    }

    public static Path pcmaMkv() {
        return DEFAULT.mkv(ClipSpec.PCMA);
    }

    /** 10 s of video with a 5 s GOP. */
    public static Path longGopMkv() {
        return DEFAULT.mkv(ClipSpec.LONG_GOP);
    }

    /** Any clip of {@link ClipSpec} from the shared cache. */
    public static Path mkvOf(ClipSpec spec) {
        return DEFAULT.mkv(spec);
    }

    public static Path annexBOf(ClipSpec spec) {
        return DEFAULT.annexB(spec);
    }

    /** ffprobe facts of a clip file (frame count, GOP, fps, codecs), computed once per path. */
    public static ClipFacts facts(Path clip) {
        return FACTS.computeIfAbsent(clip.toAbsolutePath(), path -> {
            try {
                return ClipFacts.probe(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    Path mkv(ClipSpec spec) {
        Path target = directory.resolve(spec.baseName + "-" + recipeHash(spec.ffmpegMkvArgs("")) + ".mkv");
        return ensure(target, temp -> spec.ffmpegMkvArgs(temp.toString()));
    }

    Path annexB(ClipSpec spec) {
        Path mkv = mkv(spec);
        String mkvName = mkv.getFileName().toString();
        Path target = directory.resolve(mkvName.substring(0, mkvName.length() - ".mkv".length()) + ".264");
        return ensure(target, temp -> ClipSpec.ffmpegAnnexBArgs(mkv.toString(), temp.toString()));
    }

    private interface Recipe {
        List<String> ffmpegArgs(Path output);
    }

    private Path ensure(Path target, Recipe recipe) {
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, target.getFileName() + ".", ".part");
            List<String> command = new ArrayList<>();
            command.add("ffmpeg");
            command.addAll(recipe.ffmpegArgs(temp));
            PeerProcesses.runOrFail(command, ENCODE_TIMEOUT);
            if (Files.size(temp) == 0) {
                throw new IOException("ffmpeg wrote an empty " + temp);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot publish " + target + " atomically", e);
            }
            temp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate test clip " + target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is harmless and never read
                }
            }
        }
    }

    private static String recipeHash(List<String> args) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u0000", args).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
