package io.rtcgate.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rtcgate.media.AccessUnitListener;
import io.rtcgate.media.Codec;
import io.rtcgate.media.H264Corpus;
import io.rtcgate.media.H264Depacketizer;
import io.rtcgate.media.H264Packetizer;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.media.TestAccessUnit;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The glue between a real {@link Stream} (on an embedded event loop, fed RTP as a camera would) and the viewers'
 * packet listeners, plus direct calls for the corner cases.
 */
class StreamPacketizerTest {
    private static final int CAMERA_PT = 96;
    private static final int AUDIO_PT = 111;
    private static final int EGRESS_PT = 102;
    private static final long EGRESS_SSRC = 0x5EED_0001L;
    private static final List<MediaFormat> VIDEO_AND_AUDIO = List.of(
            new MediaFormat(Codec.H264, CAMERA_PT, 90000, 0, Map.of()),
            new MediaFormat(Codec.OPUS, AUDIO_PT, 48000, 2, Map.of()));

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventLoop loop = channel.eventLoop();
    private final Stream stream = new Stream("cam1", StreamOrigin.publisher(false), loop, PooledByteBufAllocator.DEFAULT,
            1 << 20, PublisherConflict.REPLACE);
    private final StreamPacketizer packetizer = new StreamPacketizer(
            new H264Packetizer(PooledByteBufAllocator.DEFAULT, EGRESS_PT, EGRESS_SSRC, 65000),
            new PacketHistory(4096, PacketHistory.DEFAULT_MAX_BYTES));
    private final Viewer viewer = new Viewer();

    @AfterEach
    void tearDown() {
        viewer.close();
        stream.close("test over");
        packetizer.close();
        packetizer.close();
        assertEquals(0, packetizer.history().size());
        channel.finishAndReleaseAll();
    }

    /** A fake source: only names itself. */
    private static StreamSource source(String name) {
        return new StreamSource() {
            @Override
            public String describe() {
                return name;
            }

            @Override
            public void close(String reason) {
            }
        };
    }

    /** A viewer: checks what it is given, depacketizes the video and keeps copies of the audio payloads. */
    final class Viewer implements StreamPacketListener, AccessUnitListener, AutoCloseable {
        final H264Depacketizer depacketizer = new H264Depacketizer(UnpooledByteBufAllocator.DEFAULT, 1 << 20, this);
        final RtpPacket rtp = new RtpPacket();
        final List<List<byte[]>> units = new ArrayList<>();
        final List<Long> unitTimestamps = new ArrayList<>();
        final List<Integer> sequences = new ArrayList<>();
        final List<Integer> keyframeStarts = new ArrayList<>();
        final List<byte[]> audio = new ArrayList<>();
        final List<List<MediaFormat>> sourceChanges = new ArrayList<>();

        @Override
        public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
            assertTrue(packet.refCnt() > 0, "valid during the call");
            assertSame(packet, packetizer.history().find(sequence), "held by the history");
            assertTrue(rtp.wrap(packet));
            assertEquals(sequence, rtp.sequenceNumber());
            assertEquals(last, rtp.marker());
            assertEquals(EGRESS_PT, rtp.payloadType());
            assertEquals(EGRESS_SSRC, rtp.ssrc());
            assertTrue(rtp.payloadLength() <= H264Packetizer.DEFAULT_MAX_PAYLOAD);
            sequences.add(sequence);
            if (keyframeStart) {
                keyframeStarts.add(sequence);
            }
            depacketizer.onPacket(rtp);
        }

        @Override
        public void onAccessUnit(io.rtcgate.media.AccessUnit unit) {
            List<byte[]> nals = new ArrayList<>();
            for (int i = 0; i < unit.nalCount(); i++) {
                byte[] nal = new byte[unit.nalLength(i)];
                unit.data().getBytes(unit.nalOffset(i), nal);
                nals.add(nal);
            }
            units.add(nals);
            unitTimestamps.add(unit.rtpTimestamp());
        }

        @Override
        public void onAudioPacket(RtpPacket packet) {
            byte[] payload = new byte[packet.payloadLength()];
            packet.buffer().getBytes(packet.payloadOffset(), payload);
            audio.add(payload);
        }

        @Override
        public void onSourceChanged(List<MediaFormat> tracks) {
            sourceChanges.add(tracks);
        }

        @Override
        public void close() {
            depacketizer.close();
        }
    }

    /** Sends the corpus through the stream as a camera would: its own packetizer, RTP into Stream.onRtp. */
    private List<Long> sendCorpus(String corpus, int cameraSequence, long firstTimestamp) {
        H264Packetizer camera = new H264Packetizer(UnpooledByteBufAllocator.DEFAULT, 1400, CAMERA_PT, 0xCA4E7AL,
                cameraSequence);
        List<Long> timestamps = new ArrayList<>();
        long timestamp = firstTimestamp;
        for (List<byte[]> nals : H264Corpus.accessUnits(corpus)) {
            try (TestAccessUnit au = TestAccessUnit.of(nals, timestamp)) {
                camera.packetize(au.unit(), timestamp, (packet, keyframeStart, last) -> {
                    try {
                        stream.onRtp(0, packet);
                    } finally {
                        packet.release();
                    }
                });
            }
            timestamps.add(timestamp);
            timestamp += 3000;
        }
        return timestamps;
    }

    private void assertSameUnits(List<List<byte[]>> expected, List<List<byte[]>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int u = 0; u < expected.size(); u++) {
            assertEquals(expected.get(u).size(), actual.get(u).size(), "NAL count of unit " + u);
            for (int n = 0; n < expected.get(u).size(); n++) {
                assertArrayEquals(expected.get(u).get(n), actual.get(u).get(n), "unit " + u + " NAL " + n);
            }
        }
    }

    private static void assertContinuous(List<Integer> sequences, int first) {
        for (int i = 0; i < sequences.size(); i++) {
            assertEquals((first + i) & 0xFFFF, sequences.get(i), "sequence " + i);
        }
    }

    @Test
    void videoFromARealStreamReachesViewersPacketizedOnceWithTheSourceTimestamps() throws Exception {
        stream.addListener(packetizer);
        packetizer.addListener(viewer);
        stream.attach(source("camera A"), VIDEO_AND_AUDIO);

        List<Long> timestamps = sendCorpus(H264Corpus.BASELINE, 100, 1_000_000);

        assertSameUnits(H264Corpus.accessUnits(H264Corpus.BASELINE), viewer.units);
        assertEquals(timestamps, viewer.unitTimestamps, "the source's RTP timestamps are kept");
        assertContinuous(viewer.sequences, 65000);
        assertEquals(2, viewer.keyframeStarts.size(), "the corpus has two IDR units");
        assertEquals(viewer.keyframeStarts.get(1), packetizer.history().keyframeStartSequence(), "GOP cache");
        List<Integer> gop = new ArrayList<>();
        packetizer.history().forEachSinceKeyframe((p, seq, ts, k, m) -> gop.add(seq));
        assertEquals(viewer.sequences.subList(viewer.sequences.indexOf(viewer.keyframeStarts.get(1)),
                viewer.sequences.size()), gop);
        assertEquals(viewer.sequences.size(), packetizer.history().size(), "everything still in the history");
        assertEquals(1, viewer.sourceChanges.size());
    }

    @Test
    void audioIsPassedThroughAsReceived() throws Exception {
        stream.addListener(packetizer);
        packetizer.addListener(viewer);
        stream.attach(source("camera A"), VIDEO_AND_AUDIO);
        ByteBuf opus = Unpooled.buffer();
        opus.writeByte(0x80).writeByte(AUDIO_PT).writeShort(7).writeInt(960).writeInt(0xA0D10);
        opus.writeBytes(new byte[] {0x78, 1, 2, 3});
        try {
            stream.onRtp(1, opus);
        } finally {
            opus.release();
        }
        assertEquals(1, viewer.audio.size());
        assertArrayEquals(new byte[] {0x78, 1, 2, 3}, viewer.audio.get(0));
        assertTrue(viewer.sequences.isEmpty(), "audio does not go through the video packetizer");
    }

    @Test
    void sourceChangeKeepsSequenceNumbersContinuousAndEmptiesTheGopCache() throws Exception {
        stream.addListener(packetizer);
        packetizer.addListener(viewer);
        stream.attach(source("camera A"), VIDEO_AND_AUDIO);
        sendCorpus(H264Corpus.TINY, 5000, 1_000);
        int sentByA = viewer.sequences.size();
        assertTrue(packetizer.history().keyframeStartSequence() >= 0);

        stream.attach(source("camera B"), VIDEO_AND_AUDIO); // replaces A
        assertEquals(-1, packetizer.history().keyframeStartSequence(), "no cached keyframe of the new source yet");
        assertEquals(sentByA, packetizer.history().size(), "old packets still answer NACKs");
        assertEquals(3, viewer.sourceChanges.size(), "A attached, A left, B attached");

        // camera B starts with lower sequence numbers and timestamps; viewers still see sequence numbers go on
        List<Long> timestampsOfB = sendCorpus(H264Corpus.BASELINE, 10, 500);
        assertContinuous(viewer.sequences, 65000);
        assertTrue(viewer.sequences.size() > sentByA);
        int firstOfB = viewer.sequences.get(sentByA);
        assertTrue(viewer.keyframeStarts.contains(firstOfB), "B starts with its IDR");
        assertEquals(viewer.keyframeStarts.get(viewer.keyframeStarts.size() - 1),
                packetizer.history().keyframeStartSequence(), "the GOP cache holds B's last keyframe");
        int unitsOfA = H264Corpus.accessUnits(H264Corpus.TINY).size();
        assertEquals(timestampsOfB, viewer.unitTimestamps.subList(unitsOfA, viewer.unitTimestamps.size()));
    }

    @Test
    void listenerAddedAfterTheSourceAttachedTakesTheFirstVideoTrackThatDelivers() throws Exception {
        stream.attach(source("camera A"), VIDEO_AND_AUDIO);
        stream.addListener(packetizer); // missed onSourceChanged
        packetizer.addListener(viewer);
        sendCorpus(H264Corpus.TINY, 0, 0);
        assertSameUnits(H264Corpus.accessUnits(H264Corpus.TINY), viewer.units);
    }

    @Test
    void accessUnitsOfOtherTracksAreIgnored() {
        packetizer.addListener(viewer);
        packetizer.onSourceChanged(null, List.of(VIDEO_AND_AUDIO.get(1), VIDEO_AND_AUDIO.get(0)));
        try (TestAccessUnit au = TestAccessUnit.of(0, new byte[] {0x09, 0x10})) {
            packetizer.onAccessUnit(null, 0, au.unit());
            assertTrue(viewer.sequences.isEmpty(), "track 0 is audio here");
            packetizer.onAccessUnit(null, 1, au.unit());
            assertEquals(List.of(65000), viewer.sequences);
        }
        packetizer.onSourceChanged(null, List.of(VIDEO_AND_AUDIO.get(1)));
        try (TestAccessUnit au = TestAccessUnit.of(0, new byte[] {0x09, 0x10})) {
            packetizer.onAccessUnit(null, 1, au.unit());
            assertEquals(List.of(65000), viewer.sequences, "no video track: nothing");
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        packetizer.addListener(new StreamPacketListener() {
            @Override
            public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
                throw new IllegalStateException("broken viewer");
            }
        });
        packetizer.addListener(viewer);
        try (TestAccessUnit au = TestAccessUnit.of(0, new byte[] {0x65, 1, 2, 3})) {
            packetizer.onAccessUnit(null, 0, au.unit());
            packetizer.onAccessUnit(null, 0, au.unit());
        }
        assertEquals(List.of(65000, 65001), viewer.sequences);
        assertEquals(2, packetizer.listenerFailures());
    }

    @Test
    void removedListenerGetsNothingMore() {
        packetizer.addListener(viewer);
        try (TestAccessUnit au = TestAccessUnit.of(0, new byte[] {0x41, 1, 2, 3})) {
            packetizer.onAccessUnit(null, 0, au.unit());
            packetizer.removeListener(viewer);
            packetizer.onAccessUnit(null, 0, au.unit());
        }
        assertEquals(List.of(65000), viewer.sequences);
        assertEquals(2, packetizer.history().size());
    }

    @Test
    void closingFromAListenerInTheMiddleOfAnAccessUnitLeaksNothing() {
        int[] calls = {0};
        packetizer.addListener((packet, sequence, keyframeStart, last) -> {
            calls[0]++;
            packetizer.close();
        });
        byte[] big = new byte[5000];
        big[0] = 0x65;
        try (TestAccessUnit au = TestAccessUnit.of(0, big)) {
            packetizer.onAccessUnit(null, 0, au.unit()); // five FU-A packets; closed after the first
            packetizer.onAccessUnit(null, 0, au.unit()); // ignored
        }
        assertEquals(1, calls[0]);
        assertEquals(0, packetizer.history().size());
        assertNull(packetizer.history().find(65000));
    }
}
