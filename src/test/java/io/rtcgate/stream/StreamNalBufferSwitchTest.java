package io.rtcgate.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.runtime.configuration.DurationConverter;
import io.rtcgate.media.AccessUnit;
import io.rtcgate.media.Codec;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import io.rtcgate.transport.MediaEventLoops;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rtcgate.tuning.reuse-nal-buffer}: the registry hands the setting to every stream, and a stream's H.264 track
 * then assembles every access unit in one kept buffer (true) or in a fresh buffer per access unit (false), counted at the
 * allocator.
 */
class StreamNalBufferSwitchTest {
    private static final int UNITS = 30;
    private static final MediaFormat H264 = new MediaFormat(Codec.H264, 96, 90000, 0, Map.of());

    /** Counts direct buffers handed out and those still unreleased. */
    private static final class CountingAllocator extends AbstractByteBufAllocator {
        private final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(true, false, false);
        private final List<ByteBuf> handedOut = new ArrayList<>();

        CountingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(delegate.heapBuffer(initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(delegate.directBuffer(initialCapacity, maxCapacity));
        }

        private ByteBuf track(ByteBuf buf) {
            handedOut.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        long outstanding() {
            return handedOut.stream().filter(b -> b.refCnt() > 0).count();
        }
    }

    @ParameterizedTest(name = "reuse-nal-buffer={0}")
    @ValueSource(booleans = {true, false})
    void theRegistryPassesTheSettingToItsStreams(boolean reuse) {
        GatewayConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("rtcgate.tuning.reuse-nal-buffer", String.valueOf(reuse)),
                        "test", 500))
                .build().getConfigMapping(GatewayConfig.class);
        try (MediaEventLoops loops = new MediaEventLoops(1)) {
            StreamRegistry registry = new StreamRegistry(loops, config);
            Stream stream = registry.register("nal" + reuse, StreamOrigin.publisher(false));
            assertEquals(reuse, stream.reusesNalBuffer());
            stream.eventLoop().submit(() -> stream.close("test over")).syncUninterruptibly();
        }
    }

    @ParameterizedTest(name = "reuse-nal-buffer={0}")
    @ValueSource(booleans = {true, false})
    void assemblyBuffersPerAccessUnit(boolean reuse) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        CountingAllocator alloc = new CountingAllocator();
        Stream stream = new Stream("cam", StreamOrigin.publisher(false), channel.eventLoop(), alloc, 1 << 20,
                PublisherConflict.REPLACE, reuse);
        int[] units = {0};
        long[] outstandingInUnit = {0};
        stream.addListener(new StreamListener() {
            @Override
            public void onAccessUnit(Stream s, int track, AccessUnit unit) {
                units[0]++;
                outstandingInUnit[0] = Math.max(outstandingInUnit[0], alloc.outstanding());
            }
        });
        stream.attach(new StreamSource() {
            @Override
            public String describe() {
                return "test";
            }

            @Override
            public void close(String reason) {
            }
        }, List.of(H264));
        try {
            for (int i = 0; i < UNITS; i++) {
                ByteBuf rtp = Unpooled.buffer(12 + 40);
                rtp.writeByte(0x80).writeByte(0x80 | 96).writeShort(i).writeInt(i * 3000).writeInt(0x1234);
                rtp.writeByte(0x41).writeByte(0x9A).writeZero(38); // P slice NAL, first_mb_in_slice 0
                try {
                    stream.onRtp(0, rtp);
                } finally {
                    rtp.release();
                }
            }
            assertEquals(UNITS, units[0], "every access unit came out");
            assertEquals(1, outstandingInUnit[0], "one assembly buffer alive at a time");
            if (reuse) {
                assertEquals(1, alloc.handedOut.size(), "one buffer for the whole stream");
                assertEquals(1, alloc.outstanding(), "kept between access units");
            } else {
                assertEquals(UNITS, alloc.handedOut.size(), "a fresh buffer per access unit");
                assertEquals(0, alloc.outstanding(), "released when its unit ended");
            }
        } finally {
            stream.close("test over");
            channel.finishAndReleaseAll();
        }
        assertEquals(0, alloc.outstanding());
        assertTrue(units[0] > 0);
        assertFalse(stream.online());
    }
}
