package io.rtcgate.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Fuzzes {@link IceLiteAgent#onStunPacket}. Input byte 0 picks the mode: even = the rest is the datagram as is; odd =
 * the rest drives a request that passes authentication (so the fuzzer reaches the checks behind it): byte 1 holds
 * flags, then (type:2, length:1, value) records become attributes, then MESSAGE-INTEGRITY with the right password and
 * FINGERPRINT as the flags say. Asserts: no exception, every Binding request with USERNAME and MESSAGE-INTEGRITY
 * answered, unauthenticated answers no larger than the request, responses well-formed, signed when they should be,
 * and released (the leak detector runs on PARANOID).
 */
class IceLiteAgentFuzzTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final IceCredentials LOCAL = new IceCredentials("Lg8x", "aVeryRandomLocalPassword");
    private static final IceCredentials REMOTE = new IceCredentials("r3Mt", "theBrowsersPasswordFromSdp");

    @FuzzTest(maxDuration = "10s")
    void onStunPacket(byte[] data) throws Exception {
        if (data.length < 2) {
            return;
        }
        IceLiteAgent agent = new IceLiteAgent("rtcgate fuzz");
        IceSession session = new IceSession(LOCAL, REMOTE, 0);
        agent.register(session);
        InetSocketAddress sender = sender(data[1]);

        ByteBuf packet = (data[0] & 1) == 0
                ? Unpooled.wrappedBuffer(Arrays.copyOfRange(data, 1, data.length))
                : authenticatedRequest(data);
        IceLiteAgent.Result result;
        try {
            result = agent.onStunPacket(packet, sender, 5, ALLOC);
            assertEquals(0, packet.readerIndex());
        } finally {
            packet.release();
        }
        try {
            assertNotNull(result.outcome());
            assertNotNull(result.reason());
            IceStats stats = agent.stats();
            assertEquals(1, stats.malformed() + stats.nonBindingIgnored() + stats.bindingRequests());
            boolean dropped = result.outcome() == IceLiteAgent.Outcome.BAD_REQUEST && !result.hasResponse();
            assertEquals(stats.bindingRequests() == 1 && !dropped, result.hasResponse(),
                    "every authenticatable Binding request is answered");
            assertEquals(result.hasResponse() ? 1 : 0, stats.responsesSent());
            if (result.hasResponse()) {
                // never amplify towards an unauthenticated source
                assertTrue(result.session() != null || result.response().readableBytes() <= packetLength(data));
            }
            if (!result.hasResponse()) {
                assertNull(session.selectedAddress());
                return;
            }
            StunMessage response = StunMessage.parse(result.response());
            assertTrue(response.fingerprintMatches());
            if (result.outcome() == IceLiteAgent.Outcome.BINDING_SUCCESS) {
                assertSame(session, result.session());
                assertTrue(response.integrityMatches(LOCAL.pwd()));
                assertEquals(sender, response.xorMappedAddress());
                assertEquals(sender, session.selectedAddress());
                assertEquals(IceSession.State.CONNECTED, session.state());
            } else {
                assertEquals(StunClass.ERROR_RESPONSE, response.stunClass());
                assertTrue(response.errorCode() >= 400 && response.errorCode() < 500);
                assertEquals(result.session() != null, response.hasMessageIntegrity());
                if (response.hasMessageIntegrity()) {
                    assertTrue(response.integrityMatches(LOCAL.pwd()));
                }
                assertNull(session.selectedAddress(), "a rejected request must not select an address");
            }
            ByteBuf again = Unpooled.wrappedBuffer(requestBytes(data));
            try {
                assertArrayEquals(StunMessage.parse(again).transactionId(), response.transactionId());
            } finally {
                again.release();
            }
        } finally {
            if (result.hasResponse()) {
                result.response().release();
            }
        }
    }

    private static int packetLength(byte[] data) {
        return requestBytes(data).length;
    }

    private static byte[] requestBytes(byte[] data) {
        if ((data[0] & 1) == 0) {
            return Arrays.copyOfRange(data, 1, data.length);
        }
        ByteBuf b = authenticatedRequest(data);
        try {
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            return bytes;
        } finally {
            b.release();
        }
    }

    private static InetSocketAddress sender(byte selector) throws UnknownHostException {
        byte[] ip = (selector & 0x80) != 0 ? new byte[16] : new byte[4];
        ip[0] = (byte) (selector | 1);
        ip[ip.length - 1] = selector;
        return new InetSocketAddress(InetAddress.getByAddress(ip), (selector & 0xFF) * 251 + 1);
    }

    /**
     * flags bit 0: ICE-CONTROLLING, bit 1: ICE-CONTROLLED, bit 2: USE-CANDIDATE, bit 3: omit MESSAGE-INTEGRITY,
     * bit 4: omit FINGERPRINT, bit 5: wrong remote ufrag, bit 6: wrong local ufrag.
     */
    private static ByteBuf authenticatedRequest(byte[] data) {
        int flags = data[1];
        ByteBuf out = Unpooled.buffer();
        byte[] txid = new byte[12];
        System.arraycopy(data, 0, txid, 0, Math.min(12, data.length));
        StunMessageWriter w = new StunMessageWriter()
                .begin(out, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), txid)
                .username(((flags & 0x40) != 0 ? "L9xx" : LOCAL.ufrag()) + ":" + ((flags & 0x20) != 0 ? "zz" : REMOTE.ufrag()));
        if ((flags & 1) != 0) {
            w.iceControlling(42);
        }
        if ((flags & 2) != 0) {
            w.iceControlled(43);
        }
        if ((flags & 4) != 0) {
            w.useCandidate();
        }
        int pos = 2;
        int count = 0;
        while (pos + 3 <= data.length && count++ < 16 && out.readableBytes() < 1200) {
            int type = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            int length = Math.min(data[pos + 2] & 0x3F, data.length - pos - 3);
            w.attribute(type, Arrays.copyOfRange(data, pos + 3, pos + 3 + length));
            pos += 3 + length;
        }
        if ((flags & 8) == 0) {
            w.messageIntegrity(LOCAL.pwd());
        }
        if ((flags & 0x10) == 0) {
            w.fingerprint();
        }
        return w.finish();
    }
}
