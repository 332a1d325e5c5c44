package io.rtcgate.ingest;

import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamListener;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rtcgate.tuning.pooled-ingest-buffers}: a publisher's RTP, over TCP interleaved and over UDP, is read into buffers
 * of the media event loops' pooled allocator by default and into unpooled direct buffers when it is false. Observed on
 * the buffer a stream listener gets for a passed-through audio packet (a slice of the socket read).
 */
@Timeout(60)
class IngestBufferPoolingSwitchTest {
    private static final String SDP = """
            v=0\r
            o=- 0 0 IN IP4 127.0.0.1\r
            s=raw\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=video 0 RTP/AVP 96\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1\r
            a=control:streamid=0\r
            m=audio 0 RTP/AVP 0\r
            a=rtpmap:0 PCMU/8000\r
            a=control:streamid=1\r
            """;
    private static final Pattern SERVER_PORT = Pattern.compile("server_port=(\\d+)-(\\d+)");

    @ParameterizedTest(name = "pooled {0}, {1}")
    @CsvSource({"true, tcp", "false, tcp", "true, udp", "false, udp"})
    void ingestReadsComeFromTheConfiguredAllocator(boolean pooled, String transport) throws Exception {
        try (PublishServerFixture fixture = new PublishServerFixture(
                Map.of("rtcgate.tuning.pooled-ingest-buffers", String.valueOf(pooled)), 60);
                RawRtspConnection c = new RawRtspConnection(fixture.port());
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            ByteBufAllocator ingest = fixture.loops.ingestAllocator();
            if (pooled) {
                assertSame(fixture.loops.allocator(), ingest);
            } else {
                assertInstanceOf(UnpooledByteBufAllocator.class, ingest);
                assertFalse(ingest.isDirectBufferPooled());
            }

            String name = "pool" + pooled + transport;
            String url = "rtsp://127.0.0.1:" + fixture.port() + "/" + name;
            assertEquals(200, c.request("ANNOUNCE", url, 1, "Content-Type: application/sdp\r\n", SDP).status());
            int clientPort = udp.getLocalPort();
            String[] transports = transport.equals("tcp")
                    ? new String[] {"RTP/AVP/TCP;unicast;interleaved=0-1;mode=record",
                        "RTP/AVP/TCP;unicast;interleaved=2-3;mode=record"}
                    : new String[] {"RTP/AVP;unicast;client_port=" + clientPort + "-" + (clientPort + 1) + ";mode=record",
                        "RTP/AVP;unicast;client_port=" + clientPort + "-" + (clientPort + 1) + ";mode=record"};
            RawRtspConnection.Response video = c.request("SETUP", url + "/streamid=0", 2, "Transport: " + transports[0] + "\r\n", null);
            assertEquals(200, video.status(), video::toString);
            String session = video.header("Session").split(";")[0];
            RawRtspConnection.Response audio = c.request("SETUP", url + "/streamid=1", 3,
                    "Transport: " + transports[1] + "\r\nSession: " + session + "\r\n", null);
            assertEquals(200, audio.status(), audio::toString);
            assertEquals(200, c.request("RECORD", url, 4, "Session: " + session + "\r\n", null).status());

            Stream stream = fixture.stream(name).orElseThrow();
            AtomicReference<ByteBufAllocator> seen = new AtomicReference<>();
            AtomicReference<Boolean> direct = new AtomicReference<>();
            StreamListener listener = new StreamListener() {
                @Override
                public void onAudioPacket(Stream s, int track, RtpPacket packet) {
                    seen.compareAndSet(null, packet.buffer().alloc());
                    direct.compareAndSet(null, packet.buffer().isDirect());
                }
            };
            stream.eventLoop().submit(() -> stream.addListener(listener)).get();

            byte[] rtp = new byte[12 + 160];
            rtp[0] = (byte) 0x80;
            rtp[1] = 0; // PCMU
            rtp[3] = 1;
            rtp[11] = 7; // SSRC
            if (transport.equals("tcp")) {
                byte[] frame = new byte[4 + rtp.length];
                frame[0] = '$';
                frame[1] = 2; // the audio track's RTP channel
                frame[2] = (byte) (rtp.length >> 8);
                frame[3] = (byte) rtp.length;
                System.arraycopy(rtp, 0, frame, 4, rtp.length);
                c.send(frame);
            } else {
                Matcher m = SERVER_PORT.matcher(audio.header("Transport"));
                assertTrue(m.find(), audio.header("Transport"));
                udp.send(new DatagramPacket(rtp, rtp.length, InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1))));
            }
            assertTrue(await(() -> seen.get() != null, Duration.ofSeconds(5)), "the audio packet reached the stream");
            assertNotNull(direct.get());
            assertTrue(direct.get(), "ingest reads are direct buffers");
            if (pooled) {
                assertSame(fixture.loops.allocator(), seen.get(), "read into the pooled media allocator");
            } else {
                assertSame(ingest, seen.get(), "read into the unpooled allocator");
            }
        }
    }
}
