package io.rtcgate.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.rtcgate.ingest.rtsp.InterleavedFrameDemuxer;
import io.rtcgate.ingest.rtsp.InterleavedFrameListener;
import io.rtcgate.media.Codec;
import io.rtcgate.media.H264Corpus;
import io.rtcgate.media.H264Depacketizer;
import io.rtcgate.media.H264Packetizer;
import io.rtcgate.media.InterleavedRtpFeed;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.media.TestAccessUnit;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import io.rtcgate.transport.MediaBuffers;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Allocation probe of the RTSP/TCP ingest hot path: counts the bytes of Java objects allocated per RTP packet
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), after a warm-up that lets the JIT compile
 * the path. This is a count, not a timing: the same code allocates the same objects whatever the machine's load.
 *
 * <p>Input: the real x264 corpus packetized by a camera-like {@link H264Packetizer} (1400-byte payloads), framed as
 * RTSP interleaved data and cut into "socket reads" of varying sizes, so frames straddle reads and the demuxer's
 * cumulation is exercised. Everything runs on one {@link DefaultEventLoop} thread (a FastThreadLocalThread, like the
 * media event loops, so Netty's thread caches and recyclers behave as in production); the channel is an
 * {@link EmbeddedChannel}, whose inbound path runs the handlers inline without allocating.
 *
 * <p>Buffers come from the media allocator ({@link MediaBuffers}) and reads are at most as large as production reads.
 * Each stage is probed on its own (demuxer; Stream.onRtp without and with the depacketizer; depacketizer; stream
 * packetizer with its history) and then the whole path, each against {@link #MAX_BYTES_PER_PACKET}. A stage is measured
 * in {@link #ROUNDS} rounds of {@link #MEASURED_PACKETS} packets and judged by its best round, so a JIT recompilation
 * landing in one round cannot fail the test while a real per-packet allocation shows in every round.
 *
 * <p>Netty's leak detector is switched off for this class: on PARANOID (the suite's setting) every buffer allocation
 * is wrapped in a leak-aware buffer that records stack traces, which is test instrumentation, not the ingest path.
 * The level is restored after the class; buffers are still released (checked through the history and counters).
 */
class IngestAllocationTest {
    private static final int WARMUP_PACKETS = 300_000;
    private static final int MEASURED_PACKETS = 100_000;
    private static final int ROUNDS = 3;
    private static final double MAX_BYTES_PER_PACKET = 8;
    /** Sizes of the simulated socket reads, cycled: MSS-sized, tiny, several segments, the largest media read. */
    private static final int[] READ_SIZES = {1448, 300, 2896, 1448, 4344, 97, MediaBuffers.MAX_TCP_READ_BYTES, 1000};
    /** As {@link #READ_SIZES}, with reads of 64 KiB: Netty's default maximum read size. */
    private static final int[] UNCAPPED_READ_SIZES = {1448, 300, 2896, 1448, 4344, 97, 65536, 1000};

    private static final int CAMERA_PT = 96;
    private static final int RTP_CHANNEL = 0;
    private static final int EGRESS_PT = 102;
    /** The production allocator of the media event loops. */
    private static final ByteBufAllocator ALLOC = MediaBuffers.newAllocator(1);
    private static final MediaFormat H264 = new MediaFormat(Codec.H264, CAMERA_PT, 90000, 0, Map.of());
    /** Same payload type as the video, so Stream.onRtp takes the non-video branch: parse and reception stats only. */
    private static final MediaFormat PASS_THROUGH = new MediaFormat(Codec.OPUS, CAMERA_PT, 90000, 2, Map.of());

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ResourceLeakDetector.Level savedLeakLevel;
    private static DefaultEventLoop loop;

    @BeforeAll
    static void setUp() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes per thread");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        savedLeakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED); // see the class comment
        loop = new DefaultEventLoop();
    }

    @AfterAll
    static void tearDown() throws Exception {
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        ResourceLeakDetector.setLevel(savedLeakLevel);
    }

    // ---- stages ----

    @Test
    void demuxerAlone() throws Exception {
        double perPacket = onLoop(() -> {
            InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer((channel, frame) -> frame.release());
            EmbeddedChannel channel = new EmbeddedChannel(demuxer);
            try {
                ReadDriver reads = new ReadDriver(channel, demuxer, feed(), ALLOC, READ_SIZES);
                double result = measure("demuxer", demuxer::frames, reads::feed);
                assertEquals(0, demuxer.garbageBytes());
                return result;
            } finally {
                channel.finishAndReleaseAll();
            }
        });
        assertBounded(perPacket);
    }

    @Test
    void streamOnRtpWithoutDepacketizer() throws Exception {
        double perPacket = onLoop(() -> {
            Stream stream = newStream(PASS_THROUGH);
            ByteBuf packet = ALLOC.directBuffer(2048);
            try {
                InterleavedRtpFeed feed = feed();
                double result = measure("Stream.onRtp (parse, reception stats)", stream.stats()::inboundPackets, n -> {
                    for (int i = 0; i < n; i++) {
                        feed.writeNextPacket(packet);
                        stream.onRtp(0, packet);
                    }
                });
                assertEquals(0, stream.inboundLost());
                return result;
            } finally {
                packet.release();
                stream.close("probe over");
            }
        });
        assertBounded(perPacket);
    }

    @Test
    void streamOnRtpWithDepacketizer() throws Exception {
        double perPacket = onLoop(() -> {
            Stream stream = newStream(H264);
            ByteBuf packet = ALLOC.directBuffer(2048);
            try {
                InterleavedRtpFeed feed = feed();
                double result = measure("Stream.onRtp (+ H264Depacketizer)", stream.stats()::inboundPackets, n -> {
                    for (int i = 0; i < n; i++) {
                        feed.writeNextPacket(packet);
                        stream.onRtp(0, packet);
                    }
                });
                assertHealthy(stream);
                return result;
            } finally {
                packet.release();
                stream.close("probe over");
            }
        });
        assertBounded(perPacket);
    }

    @Test
    void depacketizerAlone() throws Exception {
        double perPacket = onLoop(() -> {
            long[] units = new long[1];
            H264Depacketizer depacketizer = new H264Depacketizer(ALLOC, 1 << 20, unit -> units[0]++);
            RtpPacket rtp = new RtpPacket();
            ByteBuf packet = ALLOC.directBuffer(2048);
            long[] packets = new long[1];
            try {
                InterleavedRtpFeed feed = feed();
                double result = measure("H264Depacketizer", () -> packets[0], n -> {
                    for (int i = 0; i < n; i++) {
                        feed.writeNextPacket(packet);
                        rtp.wrap(packet);
                        depacketizer.onPacket(rtp);
                        packets[0]++;
                    }
                });
                assertEquals(0, depacketizer.droppedIncomplete() + depacketizer.malformedPackets());
                assertTrue(units[0] > 0);
                return result;
            } finally {
                packet.release();
                depacketizer.close();
            }
        });
        assertBounded(perPacket);
    }

    @Test
    void streamPacketizerAlone() throws Exception {
        double perPacket = onLoop(() -> {
            Stream stream = newStream(H264);
            StreamPacketizer packetizer = newStreamPacketizer();
            List<TestAccessUnit> units = new ArrayList<>();
            for (List<byte[]> nals : H264Corpus.accessUnits(H264Corpus.BASELINE)) {
                units.add(TestAccessUnit.of(nals, 0));
            }
            int[] next = new int[1];
            try {
                double result = measure("StreamPacketizer + PacketHistory", packetizer.packetizer()::packets, n -> {
                    long target = packetizer.packetizer().packets() + n;
                    while (packetizer.packetizer().packets() < target) {
                        packetizer.onAccessUnit(stream, 0, units.get(next[0]++ % units.size()).unit());
                    }
                });
                assertTrue(packetizer.history().expired() + packetizer.history().evicted() > 0,
                        "steady state: the history releases old packets");
                return result;
            } finally {
                packetizer.close();
                units.forEach(TestAccessUnit::close);
                stream.close("probe over");
            }
        });
        assertBounded(perPacket);
    }

    /**
     * Why the media path has its own allocator ({@link MediaBuffers}): with the process-wide allocator as Quarkus
     * configures it (64 KiB chunks) and Netty's default read sizes (up to 64 KiB), every 64 KiB read creates and
     * destroys a pool chunk. If this starts to fail, Netty changed its chunk handling and MediaBuffers may be revisited.
     */
    @Test
    void quarkusDefaultAllocatorWithLargeReadsAllocatesPerRead() throws Exception {
        PooledByteBufAllocator quarkusDefault = new PooledByteBufAllocator(true, 1, 1, 8192, 3,
                PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(), true);
        double perPacket = onLoop(() -> {
            InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer((channel, frame) -> frame.release());
            EmbeddedChannel channel = new EmbeddedChannel(demuxer);
            try {
                ReadDriver reads = new ReadDriver(channel, demuxer, feed(), quarkusDefault, UNCAPPED_READ_SIZES);
                return measure("demuxer, 64 KiB chunks, 64 KiB reads", demuxer::frames, reads::feed);
            } finally {
                channel.finishAndReleaseAll();
            }
        });
        assertTrue(perPacket > MAX_BYTES_PER_PACKET, perPacket + " bytes per packet");
    }

    /** Demuxer → Stream.onRtp (RtpPacket, RtpReceptionStats, H264Depacketizer) → StreamPacketizer → PacketHistory. */
    @Test
    void wholeIngestPathAllocatesNothingPerPacket() throws Exception {
        double perPacket = onLoop(() -> {
            Stream stream = newStream(H264);
            StreamPacketizer packetizer = newStreamPacketizer();
            stream.addListener(packetizer);
            // what RtspClientSession.onInterleavedFrame does for a playing session's RTP channel
            long[] lastMediaNanos = new long[1];
            InterleavedFrameListener session = (channelNumber, frame) -> {
                try {
                    lastMediaNanos[0] = System.nanoTime();
                    if (channelNumber == RTP_CHANNEL) {
                        stream.onRtp(0, frame);
                    }
                } finally {
                    frame.release();
                }
            };
            InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(session);
            EmbeddedChannel channel = new EmbeddedChannel(demuxer);
            try {
                ReadDriver reads = new ReadDriver(channel, demuxer, feed(), ALLOC, READ_SIZES);
                double result = measure("whole ingest path", demuxer::frames, reads::feed);
                assertHealthy(stream);
                assertEquals(demuxer.frames(), stream.stats().inboundPackets());
                assertTrue(packetizer.packetizer().packets() > demuxer.frames() / 2, "video went out again");
                assertTrue(packetizer.history().expired() + packetizer.history().evicted() > 0,
                        "steady state: the history releases old packets");
                return result;
            } finally {
                channel.finishAndReleaseAll();
                stream.close("probe over");
                packetizer.close();
            }
        });
        assertBounded(perPacket);
    }

    // ---- harness ----

    private static InterleavedRtpFeed feed() {
        return InterleavedRtpFeed.of(H264Corpus.BASELINE, RTP_CHANNEL, CAMERA_PT, 0xCA4E7AL, 1400, 60000, 4_000_000_000L);
    }

    private static Stream newStream(MediaFormat format) throws StreamBusyException {
        Stream stream = new Stream("probe", StreamOrigin.pull("rtsp://camera/probe", false), loop, ALLOC, 1 << 20,
                PublisherConflict.REPLACE);
        stream.attach(new StreamSource() {
            @Override
            public String describe() {
                return "probe camera";
            }

            @Override
            public void close(String reason) {
            }
        }, List.of(format));
        return stream;
    }

    private static StreamPacketizer newStreamPacketizer() {
        return new StreamPacketizer(new H264Packetizer(ALLOC, EGRESS_PT, 0x5EED_0001L, 0), new PacketHistory());
    }

    /** Every packet arrived, every access unit came out whole. */
    private static void assertHealthy(Stream stream) {
        assertEquals(0, stream.inboundLost());
        assertEquals(0, stream.inboundMalformed());
        assertEquals(0, stream.droppedAccessUnits());
        assertTrue(stream.stats().accessUnits() > 0);
    }

    private static void assertBounded(double perPacket) {
        assertTrue(perPacket <= MAX_BYTES_PER_PACKET,
                perPacket + " bytes allocated per packet, at most " + MAX_BYTES_PER_PACKET + " expected");
    }

    /**
     * Warms up, then returns the lowest bytes-per-packet of {@link #ROUNDS} measured rounds. {@code feed} processes
     * (at least) the given number of packets; {@code packets} counts the packets processed so far.
     */
    private static double measure(String stage, LongSupplier packets, IntConsumer feed) {
        feed.accept(WARMUP_PACKETS);
        double[] rounds = new double[ROUNDS];
        double best = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long packets0 = packets.getAsLong();
            long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
            feed.accept(MEASURED_PACKETS);
            long bytes1 = THREADS.getCurrentThreadAllocatedBytes();
            long packets1 = packets.getAsLong();
            rounds[r] = (bytes1 - bytes0) / (double) (packets1 - packets0);
            best = Math.min(best, rounds[r]);
        }
        System.out.printf("allocation probe: %-40s %8.2f bytes/packet (rounds %s)%n", stage, best,
                java.util.Arrays.toString(rounds));
        return best;
    }

    private static double onLoop(Callable<Double> probe) throws Exception {
        return loop.submit(probe).get();
    }

    /** Feeds the interleaved byte stream into the channel as socket reads of the given sizes, cycled. */
    private static final class ReadDriver {
        private final EmbeddedChannel channel;
        private final InterleavedFrameDemuxer demuxer;
        private final InterleavedRtpFeed feed;
        private final ByteBufAllocator alloc;
        private final int[] readSizes;
        private int nextRead;

        ReadDriver(EmbeddedChannel channel, InterleavedFrameDemuxer demuxer, InterleavedRtpFeed feed,
                ByteBufAllocator alloc, int[] readSizes) {
            this.channel = channel;
            this.demuxer = demuxer;
            this.feed = feed;
            this.alloc = alloc;
            this.readSizes = readSizes;
        }

        /** Reads until at least {@code packets} more frames came out of the demuxer. */
        void feed(int packets) {
            long target = demuxer.frames() + packets;
            while (demuxer.frames() < target) {
                int size = readSizes[nextRead];
                nextRead = (nextRead + 1) % readSizes.length;
                ByteBuf read = alloc.directBuffer(size);
                feed.writeBytes(read, size);
                // what a socket read does; not EmbeddedChannel.writeInbound, whose varargs would allocate per read
                channel.pipeline().fireChannelRead(read);
                channel.pipeline().fireChannelReadComplete();
            }
        }
    }
}
