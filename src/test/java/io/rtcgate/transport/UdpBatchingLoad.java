package io.rtcgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A child-JVM load for {@link UdpBatchingStraceTest}: one epoll {@link UdpMux} sends "video frames" to fake viewers (JDK
 * sockets on 127.0.0.1) the way the WebRTC egress does — packet by packet, each packet to every viewer in turn, one
 * flush per frame — either as plain datagrams or, with GSO, through a {@link UdpSegmentRun} per viewer. A frame is
 * {@code FULL_PACKETS} SRTP-sized packets and one shorter tail (an FU-A-fragmented NAL unit with full fragments).
 * Waits until every viewer received the frame before the next one, then prints one {@code RESULT} line with the mux's
 * counters.
 *
 * <p>Arguments: {@code plain|gso|unbatched viewers frames}; {@code unbatched} is {@code plain} with
 * {@code rtcgate.tuning.batching=false} (every datagram flushed on its own).
 */
public final class UdpBatchingLoad {
    static final int FULL_PACKETS = 10;
    static final int FULL_SIZE = 1216; // 12 + 1188 + 16: a full RTP packet under AES-GCM SRTP
    static final int TAIL_SIZE = 600;

    private UdpBatchingLoad() {
    }

    public static void main(String[] args) throws Exception {
        boolean gso = args[0].equals("gso");
        boolean batching = !args[0].equals("unbatched");
        int viewerCount = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        int packetsPerFrame = FULL_PACKETS + 1;
        List<UdpTestReceiver> viewers = new ArrayList<>();
        long received = 0;
        try (MediaEventLoops loops = new MediaEventLoops(1);
                UdpMux mux = new UdpMux(loops, "127.0.0.1", 0, (m, socket, packet) -> {
                }, gso, batching)) {
            if (!loops.isEpoll() || gso != mux.gsoActive()) {
                System.out.println("RESULT unavailable epoll=" + loops.isEpoll() + " gso=" + mux.gsoActive());
                return;
            }
            EventLoop loop = loops.next();
            InetSocketAddress[] addresses = new InetSocketAddress[viewerCount];
            UdpSegmentRun[] runs = new UdpSegmentRun[viewerCount];
            for (int v = 0; v < viewerCount; v++) {
                UdpTestReceiver r = new UdpTestReceiver();
                viewers.add(r);
                addresses[v] = r.address();
                runs[v] = gso ? mux.newSegmentRun(loop) : null;
            }
            for (int f = 0; f < frames; f++) {
                int frame = f;
                loop.submit(() -> sendFrame(mux, loop, addresses, runs, frame)).get();
                for (UdpTestReceiver r : viewers) {
                    received += r.receive(packetsPerFrame, 2000).size();
                }
            }
            UdpSendStats s = mux.stats();
            System.out.printf(Locale.ROOT, "RESULT mode=%s viewers=%d frames=%d datagrams=%d received=%d sends=%d gsoSends=%d "
                    + "gsoSegments=%d sendErrors=%d datagramsPerSend=%.1f%n", args[0], viewerCount, frames, s.datagrams(),
                    received, s.sends(), s.gsoSends(), s.gsoSegments(), s.sendErrors(), s.datagramsPerSend());
        } finally {
            for (UdpTestReceiver r : viewers) {
                r.close();
            }
        }
    }

    private static void sendFrame(UdpMux mux, EventLoop loop, InetSocketAddress[] viewers, UdpSegmentRun[] runs, int frame) {
        for (int p = 0; p <= FULL_PACKETS; p++) {
            int size = p < FULL_PACKETS ? FULL_SIZE : TAIL_SIZE;
            boolean last = p == FULL_PACKETS;
            for (int v = 0; v < viewers.length; v++) {
                if (runs[v] != null) {
                    ByteBuf run = runs[v].append(viewers[v], size, size + 32);
                    fill(run, frame, p, size);
                    runs[v].commit();
                    if (last) {
                        runs[v].finish();
                    }
                } else {
                    ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(size);
                    fill(packet, frame, p, size);
                    mux.write(loop, packet, viewers[v]);
                }
            }
        }
        mux.flush(loop);
    }

    private static void fill(ByteBuf out, int frame, int packet, int size) {
        out.writeShort(frame);
        out.writeByte(packet);
        out.writeZero(size - 3);
    }
}
