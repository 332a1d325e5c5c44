package io.rtcgate.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final IceCredentials local = new IceCredentials("Lg8x", "aVeryRandomLocalPassword");
    private final IceCredentials remote = new IceCredentials("r3Mt", "theBrowsersPasswordFromSdp");
    private final IceLiteAgent agent = new IceLiteAgent("rtcgate");
    private final IceSession session = new IceSession(local, remote, T0);

    IceLiteAgentTest() {
        assertTrue(agent.register(session));
    }

    /** A connectivity check laid out as Chromium sends it (RFC 8445 §7.1): USERNAME "ours:theirs", PRIORITY,
     * GOOG-NETWORK-INFO (comprehension-optional), ICE-CONTROLLING, optional USE-CANDIDATE, MI, FINGERPRINT. */
    static ByteBuf chromiumCheck(byte[] transactionId, String username, String password, boolean useCandidate) {
        ByteBuf out = Unpooled.buffer();
        StunMessageWriter w = new StunMessageWriter()
                .begin(out, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), transactionId)
                .username(username)
                .attribute(0xC057, new byte[] {0x00, 0x01, 0x00, 0x0a})
                .iceControlling(0x1b2c3d4e5f607182L)
                .priority(0x6e7f1effL);
        if (useCandidate) {
            w.useCandidate();
        }
        return w.messageIntegrity(password).fingerprint().finish();
    }

    private static byte[] newTransactionId() {
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        return id;
    }

    private IceLiteAgent.Result send(ByteBuf request, InetSocketAddress from, long now) {
        try {
            return agent.onStunPacket(request, from, now, ALLOC);
        } finally {
            assertEquals(0, request.readerIndex(), "the agent must not consume the caller's packet");
            request.release();
        }
    }

    private IceLiteAgent.Result check(InetSocketAddress from, long now, boolean useCandidate) {
        return send(chromiumCheck(newTransactionId(), "Lg8x:r3Mt", local.pwd(), useCandidate), from, now);
    }

    /** Parses and releases the response. */
    private static StunMessage response(IceLiteAgent.Result result) throws StunParseException {
        assertTrue(result.hasResponse(), result.toString());
        try {
            return StunMessage.parse(result.response());
        } finally {
            result.response().release();
        }
    }

    private static void checkAndRelease(IceLiteAgent.Result result) {
        assertEquals(IceLiteAgent.Outcome.BINDING_SUCCESS, result.outcome(), result.reason());
        result.response().release();
    }

    @Test
    void chromiumCheckFromPeerReflexiveAddressIsAnsweredAndNominates() throws Exception {
        byte[] txid = newTransactionId();
        InetSocketAddress prflx = new InetSocketAddress("127.0.0.1", 50123); // in no candidate of the offer
        IceLiteAgent.Result result = send(chromiumCheck(txid, "Lg8x:r3Mt", local.pwd(), true), prflx, T0 + SECOND);

        assertEquals(IceLiteAgent.Outcome.BINDING_SUCCESS, result.outcome());
        assertSame(session, result.session());
        StunMessage answer = response(result);
        assertEquals(StunClass.SUCCESS_RESPONSE, answer.stunClass());
        assertEquals(StunMessage.METHOD_BINDING, answer.method());
        assertArrayEquals(txid, answer.transactionId());
        assertEquals(prflx, answer.xorMappedAddress());
        assertEquals("rtcgate", answer.software());
        assertTrue(answer.integrityMatches(local.pwd()), "answers are signed with our ice-pwd");
        assertFalse(answer.integrityMatches(remote.pwd()));
        assertTrue(answer.fingerprintMatches());
        assertEquals(StunAttributeType.FINGERPRINT, answer.attributes().get(answer.attributes().size() - 1).type());

        assertEquals(IceSession.State.CONNECTED, session.state());
        assertEquals(prflx, session.selectedAddress());
        assertTrue(session.isNominated());
        assertEquals(T0 + SECOND, session.lastConsentNanos());
        assertEquals(1, agent.stats().bindingRequests());
        assertEquals(1, agent.stats().successResponses());
        assertEquals(1, agent.stats().responsesSent());
    }

    /**
     * The same check built by a separate implementation (Python's hmac/hashlib/zlib, see the fuzz seed
     * chromium_style_check): our writer must produce these bytes and the agent must accept them.
     */
    private static final String INDEPENDENT_CHECK = "000100502112a4420102030405060708090a0b0c000600094c6738783a72334d7400"
            + "0000c05700040001000a802a00081b2c3d4e5f607182002400046e7f1eff00250000000800148b3592ff00d307610e317c87633a"
            + "c30de4362a72802800044c31e486";

    @Test
    void independentlyBuiltCheckMatchesOurWriterAndIsAccepted() throws Exception {
        byte[] txid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        ByteBuf ours = chromiumCheck(txid, "Lg8x:r3Mt", local.pwd(), true);
        assertEquals(INDEPENDENT_CHECK, io.netty.buffer.ByteBufUtil.hexDump(ours));
        ours.release();

        IceLiteAgent.Result result = send(Unpooled.wrappedBuffer(StunTestVectors.hex(INDEPENDENT_CHECK)),
                new InetSocketAddress("127.0.0.1", 50000), T0);
        assertEquals(IceLiteAgent.Outcome.BINDING_SUCCESS, result.outcome());
        assertArrayEquals(txid, response(result).transactionId());
        assertTrue(session.isNominated());
    }

    @Test
    void ipv6SenderGetsIpv6MappedAddress() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::42", 61000);
        StunMessage answer = response(check(v6, T0, false));
        assertEquals(v6, answer.xorMappedAddress());
        assertTrue(answer.integrityMatches(local.pwd()));
    }

    @Test
    void rfc5769SampleRequestIsAuthenticatedButGetsRoleConflict() throws Exception {
        // The vector's request carries ICE-CONTROLLED: the peer wants to be controlled, a lite agent cannot control.
        IceSession vectorSession = new IceSession(new IceCredentials("evtj", StunTestVectors.PASSWORD),
                new IceCredentials("h6vY", "anyRemotePasswordOf22ch"), T0);
        assertTrue(agent.register(vectorSession));
        IceLiteAgent.Result result = send(Unpooled.wrappedBuffer(StunTestVectors.SAMPLE_REQUEST),
                new InetSocketAddress("192.0.2.1", 32853), T0);

        assertEquals(IceLiteAgent.Outcome.ROLE_CONFLICT, result.outcome());
        assertSame(vectorSession, result.session());
        StunMessage answer = response(result);
        assertEquals(StunClass.ERROR_RESPONSE, answer.stunClass());
        assertEquals(487, answer.errorCode());
        assertArrayEquals(StunTestVectors.TRANSACTION_ID, answer.transactionId());
        assertTrue(answer.integrityMatches(StunTestVectors.PASSWORD));
        assertTrue(answer.fingerprintMatches());
        assertEquals(1, agent.stats().roleConflicts());
        assertEquals(IceSession.State.NEW, vectorSession.state(), "a rejected check gives no consent");
        assertNull(vectorSession.selectedAddress());
    }

    @Test
    void wrongPasswordIsUnauthorizedWithoutIntegrity() throws Exception {
        IceLiteAgent.Result result = send(chromiumCheck(newTransactionId(), "Lg8x:r3Mt", "aVeryRandomLocalPasswore", true),
                new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.BAD_INTEGRITY, result.outcome());
        assertNull(result.session());
        StunMessage answer = response(result);
        assertEquals(401, answer.errorCode());
        assertFalse(answer.hasMessageIntegrity(), "RFC 5389 §10.1.2: no MESSAGE-INTEGRITY in a 401");
        assertTrue(answer.fingerprintMatches());
        assertEquals(1, agent.stats().badIntegrity());
        assertEquals(IceSession.State.NEW, session.state());
        assertNull(session.selectedAddress());
    }

    @Test
    void remotePasswordIsNotOurKey() {
        // A browser signs with the password from our answer; signing with its own must fail.
        IceLiteAgent.Result result = send(chromiumCheck(newTransactionId(), "Lg8x:r3Mt", remote.pwd(), true),
                new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.BAD_INTEGRITY, result.outcome());
        result.response().release();
    }

    @Test
    void unknownUserIsUnauthorized() throws Exception {
        IceLiteAgent.Result result = send(chromiumCheck(newTransactionId(), "nobody:r3Mt", local.pwd(), true),
                new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_USER, result.outcome());
        StunMessage answer = response(result);
        assertEquals(401, answer.errorCode());
        assertEquals("Unauthorized", answer.errorReason());
        assertFalse(answer.hasMessageIntegrity());
        assertNull(answer.software(), "no SOFTWARE in unauthenticated answers: keep them smaller than requests");
        assertEquals(48, answer.length());
        assertEquals(1, agent.stats().unknownUser());
        assertEquals(1, agent.stats().errorResponses());
    }

    @Test
    void wrongRemoteUfragIsUnauthorized() throws Exception {
        IceLiteAgent.Result result = send(chromiumCheck(newTransactionId(), "Lg8x:other", local.pwd(), true),
                new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_USER, result.outcome());
        assertEquals(401, response(result).errorCode());
        IceLiteAgent.Result noColon = send(chromiumCheck(newTransactionId(), "Lg8x", local.pwd(), true),
                new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_USER, noColon.outcome());
        noColon.response().release();
        assertNull(session.selectedAddress());
        assertEquals(2, agent.stats().unknownUser());
    }

    @Test
    void requestWithoutIntegrityOrRoleIsBadRequest() throws Exception {
        ByteBuf noIntegrity = Unpooled.buffer();
        new StunMessageWriter()
                .begin(noIntegrity, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST),
                        newTransactionId())
                .username("Lg8x:r3Mt").iceControlling(1).fingerprint();
        IceLiteAgent.Result dropped = send(noIntegrity, new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.BAD_REQUEST, dropped.outcome());
        assertFalse(dropped.hasResponse(), "unauthenticated 400s would reflect small spoofed requests");

        ByteBuf bare = Unpooled.buffer(); // what a plain STUN client sends: 20 bytes
        new StunMessageWriter().begin(bare, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST),
                newTransactionId());
        assertFalse(send(bare, new InetSocketAddress("10.0.0.2", 5000), T0).hasResponse());

        ByteBuf noRole = Unpooled.buffer();
        new StunMessageWriter()
                .begin(noRole, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), newTransactionId())
                .username("Lg8x:r3Mt").messageIntegrity(local.pwd()).fingerprint();
        IceLiteAgent.Result result = send(noRole, new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.BAD_REQUEST, result.outcome());
        StunMessage authenticated = response(result);
        assertEquals(400, authenticated.errorCode());
        assertTrue(authenticated.integrityMatches(local.pwd()));
        assertEquals(3, agent.stats().badRequests());
        assertEquals(3, agent.stats().bindingRequests());
        assertEquals(1, agent.stats().responsesSent());
        assertNull(session.selectedAddress());
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420() throws Exception {
        ByteBuf request = Unpooled.buffer();
        new StunMessageWriter()
                .begin(request, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), newTransactionId())
                .username("Lg8x:r3Mt").iceControlling(7).attribute(0x0077, new byte[] {1, 2})
                .messageIntegrity(local.pwd()).fingerprint();
        IceLiteAgent.Result result = send(request, new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_ATTRIBUTE, result.outcome());
        StunMessage answer = response(result);
        assertEquals(420, answer.errorCode());
        StunAttribute unknown = answer.attribute(StunAttributeType.UNKNOWN_ATTRIBUTES);
        assertArrayEquals(new byte[] {0x00, 0x77}, answer.value(unknown));
        assertTrue(answer.integrityMatches(local.pwd()));
    }

    @Test
    void selectionLatchesOnLastUseCandidateSource() {
        InetSocketAddress a = new InetSocketAddress("192.168.1.10", 40000);
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", 40001);
        InetSocketAddress c = new InetSocketAddress("10.8.0.3", 40002);

        checkAndRelease(check(a, T0, false));
        assertEquals(a, session.selectedAddress(), "first authenticated address before any nomination");
        assertFalse(session.isNominated());

        checkAndRelease(check(b, T0 + 1, false));
        assertEquals(a, session.selectedAddress(), "a later plain check does not move the selection");

        checkAndRelease(check(b, T0 + 2, true));
        assertEquals(b, session.selectedAddress());
        assertTrue(session.isNominated());

        checkAndRelease(check(a, T0 + 3, false));
        assertEquals(b, session.selectedAddress(), "after nomination only USE-CANDIDATE moves it");

        checkAndRelease(check(c, T0 + 4, true));
        assertEquals(c, session.selectedAddress(), "latch on the last nominated source");
    }

    @Test
    void dtlsLayerMayLatchOnlyAnAuthenticatedSource() {
        InetSocketAddress a = new InetSocketAddress("192.168.1.10", 40000);
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", 40001);
        checkAndRelease(check(a, T0, true));
        checkAndRelease(check(b, T0 + 5 * SECOND, false));
        assertEquals(a, session.selectedAddress());
        assertEquals(T0, session.lastConsentNanos(), "a check from another source is not consent for the selected one");

        assertFalse(session.latchAuthenticatedSource(new InetSocketAddress("203.0.113.9", 1234)));
        assertEquals(a, session.selectedAddress());

        assertTrue(session.latchAuthenticatedSource(b));
        assertEquals(b, session.selectedAddress());
        assertEquals(T0 + 5 * SECOND, session.lastConsentNanos(), "consent of the newly selected source");
    }

    @Test
    void consentExpiresThirtySecondsAfterTheLastCheck() {
        InetSocketAddress a = new InetSocketAddress("192.168.1.10", 40000);
        Duration timeout = IceSession.DEFAULT_CONSENT_TIMEOUT;
        assertFalse(session.consentExpired(T0 + 29 * SECOND, timeout));
        assertTrue(session.consentExpired(T0 + 31 * SECOND, timeout), "no check at all: counted from creation");

        checkAndRelease(check(a, T0 + 20 * SECOND, true));
        checkAndRelease(check(a, T0 + 25 * SECOND, false)); // consent refresh (RFC 7675 §5.1)
        assertFalse(session.consentExpired(T0 + 54 * SECOND, timeout));
        assertTrue(session.consentExpired(T0 + 56 * SECOND, timeout));

        assertEquals(List.of(), agent.expireStale(T0 + 54 * SECOND, timeout));
        assertEquals(List.of(session), agent.expireStale(T0 + 56 * SECOND, timeout));
        assertEquals(IceSession.State.EXPIRED, session.state());
        assertEquals(0, agent.sessionCount());

        IceLiteAgent.Result late = check(a, T0 + 57 * SECOND, false);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_USER, late.outcome(), "an expired session is not revived");
        late.response().release();
        assertEquals(T0 + 25 * SECOND, session.lastConsentNanos());
    }

    @Test
    void expiredButStillRegisteredSessionIsNotAnswered() {
        session.markExpired();
        IceLiteAgent.Result result = check(new InetSocketAddress("192.168.1.10", 40000), T0, true);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_USER, result.outcome());
        result.response().release();
        assertNull(session.selectedAddress());
        assertTrue(session.consentExpired(T0, IceSession.DEFAULT_CONSENT_TIMEOUT));
    }

    @Test
    void nonBindingStunIsIgnored() {
        IceLiteAgent.Result response = send(Unpooled.wrappedBuffer(StunTestVectors.IPV4_RESPONSE),
                new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.NOT_BINDING_REQUEST, response.outcome());
        assertFalse(response.hasResponse());

        ByteBuf indication = Unpooled.buffer();
        new StunMessageWriter().begin(indication,
                StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.INDICATION), newTransactionId()).fingerprint();
        IceLiteAgent.Result keepalive = send(indication, new InetSocketAddress("10.0.0.2", 5000), T0);
        assertEquals(IceLiteAgent.Outcome.NOT_BINDING_REQUEST, keepalive.outcome());
        assertFalse(keepalive.hasResponse());
        assertEquals(2, agent.stats().nonBindingIgnored());
        assertEquals(0, agent.stats().bindingRequests());
    }

    @Test
    void malformedAndTamperedPacketsAreDroppedAndCounted() {
        InetSocketAddress from = new InetSocketAddress("10.0.0.2", 5000);
        IceLiteAgent.Result garbage = send(Unpooled.wrappedBuffer(new byte[] {0, 1, 2, 3, 4}), from, T0);
        assertEquals(IceLiteAgent.Outcome.MALFORMED, garbage.outcome());
        assertFalse(garbage.hasResponse());

        byte[] truncated = java.util.Arrays.copyOf(StunTestVectors.SAMPLE_REQUEST, 60);
        IceLiteAgent.Result cut = send(Unpooled.wrappedBuffer(truncated), from, T0);
        assertEquals(IceLiteAgent.Outcome.MALFORMED, cut.outcome());
        assertTrue(cut.reason().contains("length field"), cut.reason());

        ByteBuf tampered = chromiumCheck(newTransactionId(), "Lg8x:r3Mt", local.pwd(), true);
        tampered.setByte(tampered.writerIndex() - 1, tampered.getByte(tampered.writerIndex() - 1) ^ 1);
        IceLiteAgent.Result badCrc = send(tampered, from, T0);
        assertEquals(IceLiteAgent.Outcome.MALFORMED, badCrc.outcome());
        assertEquals("FINGERPRINT does not match", badCrc.reason());
        assertFalse(badCrc.hasResponse());

        assertEquals(3, agent.stats().malformed());
        assertEquals(0, agent.stats().responsesSent());
        assertNull(session.selectedAddress());
    }

    @Test
    void packetIsReadFromItsReaderIndex() throws Exception {
        ByteBuf check = chromiumCheck(newTransactionId(), "Lg8x:r3Mt", local.pwd(), true);
        ByteBuf framed = Unpooled.buffer();
        framed.writeBytes(new byte[] {9, 9, 9});
        framed.writeBytes(check);
        check.release();
        framed.readerIndex(3);
        InetSocketAddress from = new InetSocketAddress("10.0.0.2", 5000);
        IceLiteAgent.Result result = agent.onStunPacket(framed, from, T0, ALLOC);
        assertEquals(3, framed.readerIndex());
        framed.release();
        assertEquals(from, response(result).xorMappedAddress());
    }

    @Test
    void registryIsKeyedByLocalUfrag() {
        IceSession clash = new IceSession(new IceCredentials("Lg8x", "anotherPasswordOf24Chars"), remote, T0);
        assertFalse(agent.register(clash), "ufrag already taken");
        assertFalse(agent.unregister(clash), "only the registered session can be removed");
        assertSame(session, agent.session("Lg8x"));
        assertTrue(agent.unregister(session));
        assertEquals(0, agent.sessionCount());
        IceLiteAgent.Result result = check(new InetSocketAddress("10.0.0.2", 5000), T0, true);
        assertEquals(IceLiteAgent.Outcome.UNKNOWN_USER, result.outcome());
        result.response().release();
    }
}
