package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.ingest.rtsp.TransportHeader.LowerTransport;
import io.rtcgate.ingest.rtsp.TransportHeader.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportHeaderTest {

    @Test
    void parsesUdpUnicastRequestAndResponse() throws RtspProtocolException {
        TransportHeader request = TransportHeader.parse("RTP/AVP;unicast;client_port=4588-4589");
        assertTrue(request.isRtpAvp());
        assertEquals(LowerTransport.UDP, request.lowerTransport());
        assertFalse(request.multicast());
        assertEquals(new PortRange(4588, 4589), request.clientPort());
        assertNull(request.serverPort());
        assertNull(request.mode());

        TransportHeader response = TransportHeader.parse(
                "RTP/AVP/UDP;unicast;client_port=4588-4589;server_port=6256-6257;ssrc=0A1B2C3D;source=192.0.2.10");
        assertEquals(new PortRange(6256, 6257), response.serverPort());
        assertEquals(0x0A1B2C3DL, response.ssrc());
        assertEquals("192.0.2.10", response.source());
    }

    @Test
    void parsesTcpInterleavedRecordAsFfmpegAndGstreamerSendIt() throws RtspProtocolException {
        TransportHeader ffmpeg = TransportHeader.parse("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record");
        assertTrue(ffmpeg.isTcp());
        assertEquals(new PortRange(0, 1), ffmpeg.interleaved());
        assertEquals(Mode.RECORD, ffmpeg.mode());
        assertEquals(Mode.RECORD, TransportHeader.parse("RTP/AVP/TCP;interleaved=2-3;mode=\"RECORD\"").mode());
        assertEquals(Mode.PLAY, TransportHeader.parse("rtp/avp/tcp;Mode=\"play\"").mode());
        assertEquals(new PortRange(5, 5), TransportHeader.parse("RTP/AVP/TCP;interleaved=5").interleaved());
    }

    @Test
    void parsesMulticastAndIgnoresUnknownParameters() throws RtspProtocolException {
        TransportHeader t = TransportHeader.parse(
                "RTP/AVP;multicast;destination=224.2.0.1;port=3456-3457;ttl=16;layers=1;x-foo=bar;append");
        assertTrue(t.multicast());
        assertEquals("224.2.0.1", t.destination());
        assertEquals(new PortRange(3456, 3457), t.port());
        assertEquals(16, t.ttl());
        assertTrue(t.append());
        assertEquals("", TransportHeader.parse("RTP/AVP;unicast;destination").destination());
    }

    @Test
    void parsesAlternativesRespectingQuotes() throws RtspProtocolException {
        List<TransportHeader> all = TransportHeader.parseAll(
                "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001;source=\"a,b\","
                        + "RTP/SAVP;unicast;client_port=6000-6001");
        assertEquals(3, all.size());
        assertTrue(all.get(0).isTcp());
        assertEquals("a,b", all.get(1).source());
        assertEquals("SAVP", all.get(2).profile());
        assertFalse(all.get(2).isRtpAvp());
    }

    @Test
    void formatsAndRoundTrips() throws RtspProtocolException {
        TransportHeader built = TransportHeader.builder().lowerTransport(LowerTransport.TCP)
                .interleaved(PortRange.pair(2)).mode(Mode.RECORD).build();
        assertEquals("RTP/AVP/TCP;unicast;interleaved=2-3;mode=record", built.format());
        TransportHeader response = TransportHeader.builder().clientPort(PortRange.pair(4588))
                .serverPort(PortRange.pair(30000)).ssrc(0xDEADBEEFL).build();
        assertEquals("RTP/AVP;unicast;client_port=4588-4589;server_port=30000-30001;ssrc=DEADBEEF",
                response.format());
        for (TransportHeader t : List.of(built, response,
                TransportHeader.parse("RTP/AVP;multicast;destination=\"x;y\";source=[2001:db8::1];ttl=3"))) {
            assertEquals(t, TransportHeader.parse(t.format()));
        }
        assertEquals("RTP/AVP/TCP;unicast;interleaved=2-3;mode=record,RTP/AVP;unicast;client_port=4588-4589;"
                + "server_port=30000-30001;ssrc=DEADBEEF", TransportHeader.formatAll(List.of(built, response)));
        assertEquals(response.format(), response.toBuilder().build().format());
    }

    @Test
    void rejectsMalformedValues() {
        assertRejected(null, "header missing");
        assertRejected("", "empty transport-spec");
        assertRejected("RTP/AVP;unicast,", "empty transport-spec");
        assertRejected("RTP", "expected protocol/profile");
        assertRejected("RTP/AVP/SCTP", "unsupported lower transport");
        assertRejected("RTP/AVP/TCP/X", "expected protocol/profile");
        assertRejected("RTP /AVP", "expected protocol/profile");
        assertRejected("RTP/AVP;client_port", "client_port needs a value");
        assertRejected("RTP/AVP;client_port=", "client_port needs a value");
        assertRejected("RTP/AVP;client_port=a-b", "is not a number");
        assertRejected("RTP/AVP;client_port=70000-70001", "70000 is above 65535");
        assertRejected("RTP/AVP;client_port=5001-5000", "reversed");
        assertRejected("RTP/AVP;client_port=-5", "is not a number");
        assertRejected("RTP/AVP/TCP;interleaved=256-257", "256 is above 255");
        assertRejected("RTP/AVP;ssrc=123456789", "not 1-8 hex digits");
        assertRejected("RTP/AVP;ssrc=XYZ", "not 1-8 hex digits");
        assertRejected("RTP/AVP;mode=receive", "unsupported mode");
        assertRejected("RTP/AVP;mode=\"PLAY,RECORD\"", "unsupported mode");
        assertRejected("RTP/AVP;ttl=999", "above 255");
        assertRejected("RTP/AVP;unicast;" + "x".repeat(TransportHeader.MAX_LENGTH), "limit is 4096");
        assertRejected("RTP/AVP,".repeat(TransportHeader.MAX_ALTERNATIVES) + "RTP/AVP", "more than 16");
        assertThrows(RtspProtocolException.class, () -> TransportHeader.parse("RTP/AVP,RTP/AVP/TCP"));
    }

    private static void assertRejected(String value, String messagePart) {
        RtspProtocolException e = assertThrows(RtspProtocolException.class, () -> TransportHeader.parseAll(value));
        assertTrue(e.getMessage().contains(messagePart), () -> "\"" + e.getMessage() + "\" lacks \"" + messagePart
                + "\"");
    }
}
