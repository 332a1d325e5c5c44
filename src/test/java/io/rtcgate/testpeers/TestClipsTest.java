package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("peers")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestClipsTest {

    @ParameterizedTest
    @EnumSource(ClipSpec.class)
    void mkvMatchesItsRecipe(ClipSpec spec) {
        ClipFacts facts = TestClips.facts(TestClips.mkvOf(spec));

        assertEquals("h264", facts.videoCodec());
        assertEquals(spec.profile, facts.profile().toLowerCase());
        assertEquals(ClipSpec.WIDTH, facts.width());
        assertEquals(ClipSpec.HEIGHT, facts.height());
        assertEquals(ClipSpec.FPS, facts.fps(), 1e-9);
        assertEquals(spec.videoFrames(), facts.videoFrames());
        assertEquals(spec.gopFrames, facts.gopFrames());
        assertEquals(spec.keyFrames(), facts.keyFrames());
        assertEquals(spec.hasBFrames(), facts.bFrames() > 0, "B-frames: " + facts.bFrames());
        if (spec.audio == null) {
            assertNull(facts.audioCodec());
        } else {
            assertEquals(spec.audio.codecName, facts.audioCodec());
            assertEquals(spec.audio.sampleRate, facts.audioSampleRate());
            assertEquals(spec.audio.channels, facts.audioChannels());
        }
        assertEquals(spec.durationSeconds, facts.durationSeconds(), 0.1);
    }

    @ParameterizedTest
    @EnumSource(value = ClipSpec.class, names = {"VIDEO", "VIDEO_SHORT"})
    void annexBHasTheSameFramesAndStartsWithAStartCode(ClipSpec spec) throws Exception {
        Path annexB = TestClips.annexBOf(spec);
        ClipFacts facts = TestClips.facts(annexB);

        assertEquals(spec.videoFrames(), facts.videoFrames());
        assertEquals(ClipSpec.GOP_FRAMES, facts.gopFrames());
        assertEquals(ClipSpec.FPS, facts.fps(), 1e-9);
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(annexB)) {
            assertEquals(4, in.read(head));
        }
        assertTrue(head[0] == 0 && head[1] == 0 && (head[2] == 1 || (head[2] == 0 && head[3] == 1)),
                "Annex-B start code expected");
    }

    @Test
    void secondRequestReusesTheCachedFile() throws Exception {
        Path first = TestClips.shortVideoMkv();
        FileTime written = Files.getLastModifiedTime(first);

        Path second = TestClips.shortVideoMkv();

        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second));
        assertTrue(first.startsWith(PeerProcesses.projectDir().resolve("target/test-clips")));
    }

    @Test
    void racingGeneratorsBothGetACompleteFileAndLeaveNoTemporaries(@TempDir Path dir) throws Exception {
        TestClips one = new TestClips(dir);
        TestClips other = new TestClips(dir);
        CyclicBarrier start = new CyclicBarrier(2);

        CompletableFuture<Path> a = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> one.annexB(ClipSpec.VIDEO_SHORT)));
        CompletableFuture<Path> b = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> other.annexB(ClipSpec.VIDEO_SHORT)));

        assertEquals(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
        assertEquals(ClipSpec.VIDEO_SHORT.videoFrames(), ClipFacts.probe(a.get()).videoFrames());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), "expected one .mkv and one .264, got " + names);
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".part")), names.toString());
        }
    }

    private static <T> T awaitThen(CyclicBarrier barrier, java.util.function.Supplier<T> action) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return action.get();
    }
}
