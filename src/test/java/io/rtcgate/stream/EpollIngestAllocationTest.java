package io.rtcgate.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.rtcgate.ingest.rtsp.InterleavedFrameDemuxer;
import io.rtcgate.media.Codec;
import io.rtcgate.media.H264Corpus;
import io.rtcgate.media.H264Packetizer;
import io.rtcgate.media.InterleavedRtpFeed;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import io.rtcgate.transport.MediaEventLoops;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The allocation probe of {@link IngestAllocationTest} over a real TCP connection on 127.0.0.1 with Netty's native
 * epoll transport, as in production: a "camera" (server, own event loop) writes the interleaved RTP stream one frame per
 * write and flush; the gateway side is a client channel on a real {@link MediaEventLoops} (its allocator and read
 * sizing, as {@code RtspClientSession} sets them) with the session's pipeline (demuxer, RTSP decoder, aggregator,
 * encoder, then the session's frame handling: {@code Stream.onRtp} and release), and a {@link StreamPacketizer} on the
 * stream. Measured: bytes allocated by the gateway's event loop thread (epoll wait, reads, the whole ingest path, the
 * stream's once-a-second sampler) per RTP packet, in bursts (many frames per read) and paced (one frame per read).
 *
 * <p>The count of socket reads depends on timing, the objects allocated per read or per packet do not; the probe prints
 * reads per packet so a per-read cost can be told from a per-packet one. Leak detection is off for the class, as in
 * {@link IngestAllocationTest} (PARANOID instrumentation allocates on every buffer access); restored afterwards.
 */
class EpollIngestAllocationTest {
    private static final int WARMUP_PACKETS = 300_000;
    private static final int MEASURED_PACKETS = 100_000;
    private static final int PACED_PACKETS = 5_000;
    private static final int ROUNDS = 3;
    private static final double MAX_BYTES_PER_PACKET = 8;
    private static final int CAMERA_PT = 96;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ResourceLeakDetector.Level savedLeakLevel;
    private MediaEventLoops gatewayLoops;
    private EpollEventLoopGroup cameraGroup;

    @BeforeEach
    void setUp() {
        assumeTrue(Epoll.isAvailable(), "native epoll not available");
        savedLeakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED); // see the class comment
        gatewayLoops = new MediaEventLoops(1);
        assertTrue(gatewayLoops.isEpoll());
        cameraGroup = new EpollEventLoopGroup(1, new DefaultThreadFactory("probe-camera", true));
    }

    @AfterEach
    void tearDown() {
        if (gatewayLoops != null) {
            gatewayLoops.close();
            cameraGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (savedLeakLevel != null) {
            ResourceLeakDetector.setLevel(savedLeakLevel);
        }
    }

    @Test
    void ingestOverEpollAllocatesNothingPerPacket() throws Exception {
        EventLoop loop = gatewayLoops.next();
        ByteBufAllocator alloc = gatewayLoops.allocator();
        Stream stream = new Stream("probe", StreamOrigin.pull("rtsp://camera/probe", false), loop, alloc, 1 << 20,
                PublisherConflict.REPLACE);
        StreamPacketizer packetizer = new StreamPacketizer(new H264Packetizer(alloc, 102, 0x5EED_0001L, 0),
                new PacketHistory());
        long loopThreadId = loop.submit(() -> {
            stream.addListener(packetizer);
            stream.attach(new StreamSource() {
                @Override
                public String describe() {
                    return "probe camera";
                }

                @Override
                public void close(String reason) {
                }
            }, List.of(new MediaFormat(Codec.H264, CAMERA_PT, 90000, 0, Map.of())));
            return Thread.currentThread().getId();
        }).get();

        Camera camera = new Camera(InterleavedRtpFeed.of(H264Corpus.BASELINE, 0, CAMERA_PT, 0xCA4E7AL, 1400, 1, 0));
        Channel cameraServer = new ServerBootstrap().group(cameraGroup).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(camera).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        ReadCounter reads = new ReadCounter();
        Channel gateway = new Bootstrap().group(loop).channel(gatewayLoops.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, alloc)
                .option(ChannelOption.RCVBUF_ALLOCATOR, gatewayLoops.tcpReads())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // RtspClientSession's pipeline; the last handler stands in for the session's frame handling
                        ch.pipeline().addLast("reads", reads);
                        ch.pipeline().addLast("demux", new InterleavedFrameDemuxer((channelNumber, frame) -> {
                            try {
                                System.nanoTime(); // the session's lastMediaNanos
                                if (channelNumber == 0) {
                                    stream.onRtp(0, frame);
                                }
                            } finally {
                                frame.release();
                            }
                        }));
                        ch.pipeline().addLast("rtsp-decoder", new RtspDecoder());
                        ch.pipeline().addLast("rtsp-aggregator", new HttpObjectAggregator(64 * 1024));
                        ch.pipeline().addLast("rtsp-encoder", new RtspEncoder());
                    }
                }).connect(cameraServer.localAddress()).sync().channel();
        try {
            long sent = sendAndWait(camera, stream, 0, WARMUP_PACKETS);
            // bursts: the camera writes as fast as the connection takes it, reads carry many frames
            double[] burst = new double[ROUNDS];
            double[] burstReads = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long bytes0 = THREADS.getThreadAllocatedBytes(loopThreadId);
                long reads0 = reads.reads;
                sent = sendAndWait(camera, stream, sent, MEASURED_PACKETS);
                burst[r] = (THREADS.getThreadAllocatedBytes(loopThreadId) - bytes0) / (double) MEASURED_PACKETS;
                burstReads[r] = (reads.reads - reads0) / (double) MEASURED_PACKETS;
            }
            // paced: one frame at a time, as a camera at a few hundred packets per second: about one read per frame
            double[] paced = new double[ROUNDS];
            double[] pacedReads = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long bytes0 = THREADS.getThreadAllocatedBytes(loopThreadId);
                long reads0 = reads.reads;
                for (int i = 0; i < PACED_PACKETS; i++) {
                    sent = sendAndWait(camera, stream, sent, 1);
                }
                paced[r] = (THREADS.getThreadAllocatedBytes(loopThreadId) - bytes0) / (double) PACED_PACKETS;
                pacedReads[r] = (reads.reads - reads0) / (double) PACED_PACKETS;
            }
            double bestBurst = Arrays.stream(burst).min().orElseThrow();
            double bestPaced = Arrays.stream(paced).min().orElseThrow();
            System.out.printf("allocation probe: %-40s %8.2f bytes/packet (rounds %s, reads/packet %s)%n",
                    "epoll, bursts", bestBurst, Arrays.toString(burst), Arrays.toString(burstReads));
            System.out.printf("allocation probe: %-40s %8.2f bytes/packet (rounds %s, reads/packet %s)%n",
                    "epoll, paced", bestPaced, Arrays.toString(paced), Arrays.toString(pacedReads));
            assertEquals(0, stream.inboundLost());
            assertEquals(0, stream.inboundMalformed());
            assertEquals(0, stream.droppedAccessUnits());
            assertTrue(bestBurst <= MAX_BYTES_PER_PACKET,
                    bestBurst + " bytes allocated per packet in bursts, at most " + MAX_BYTES_PER_PACKET + " expected");
            assertTrue(bestPaced <= MAX_BYTES_PER_PACKET,
                    bestPaced + " bytes allocated per packet paced, at most " + MAX_BYTES_PER_PACKET + " expected");
        } finally {
            gateway.close().sync();
            cameraServer.close().sync();
            loop.submit(() -> {
                stream.close("probe over");
                packetizer.close();
            }).get();
        }
    }

    /** Has the camera send {@code packets} more frames and waits until the stream counted them all. */
    private static long sendAndWait(Camera camera, Stream stream, long sentBefore, int packets) throws Exception {
        long target = sentBefore + packets;
        camera.send(packets);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stream.stats().inboundPackets() < target) {
            assertTrue(System.nanoTime() < deadline, "stream stuck at " + stream.stats().inboundPackets() + " of " + target);
            Thread.onSpinWait(); // paced rounds wait for every single packet
        }
        return target;
    }

    /** Counts the socket reads reaching the pipeline. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class ReadCounter extends ChannelInboundHandlerAdapter {
        volatile long reads;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reads = reads + 1; // only the gateway loop writes
            ctx.fireChannelRead(msg);
        }
    }

    /** The camera end: writes frames one per write and flush, pausing while the socket is not writable. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Camera extends ChannelInboundHandlerAdapter {
        private final InterleavedRtpFeed feed;
        private volatile Channel channel;
        private long pending;

        Camera(InterleavedRtpFeed feed) {
            this.feed = feed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            pump();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump();
        }

        void send(int packets) throws InterruptedException {
            while (channel == null) {
                Thread.sleep(1);
            }
            channel.eventLoop().execute(() -> {
                pending += packets;
                pump();
            });
        }

        private void pump() {
            Channel ch = channel;
            while (pending > 0 && ch.isWritable()) {
                ByteBuf frame = ch.alloc().directBuffer(feed.nextFrameLength());
                feed.writeNextFrame(frame);
                ch.writeAndFlush(frame, ch.voidPromise());
                pending--;
            }
        }
    }
}
