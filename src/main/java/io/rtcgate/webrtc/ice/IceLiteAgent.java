package io.rtcgate.webrtc.ice;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ICE-lite responder for every viewer on the shared UDP port (RFC 8445 §2.5, §7.3): sessions are found by the local
 * ufrag, the part of USERNAME before ':' (§7.2.2). A lite agent never sends checks and always takes the controlled
 * role (§6.1.1); it answers authenticated Binding requests from any source address, since the browser's working
 * candidate is often peer-reflexive (INTEROP.md), and never looks at the offer's candidates.
 *
 * <p>Answers, following RFC 5389 §10.1.2 (short-term credentials) as RFC 8445 §7.3 requires:
 * <ul>
 * <li>no USERNAME or no MESSAGE-INTEGRITY: dropped and counted as a bad request. RFC 5389 §10.1.2 says SHOULD
 *     answer 400, but such a request can be 20 bytes and the 400 is 48: from a spoofed source that is a reflector.
 *     No ICE agent sends one;
 * <li>unknown local ufrag (or an expired session): 401, unauthenticated. RFC 5389 §10.1.2 asks for 401 and dropping
 *     gains nothing here: the answer (48 bytes, no SOFTWARE) is smaller than any request that carries USERNAME and
 *     MESSAGE-INTEGRITY (at least 56), so it cannot amplify, and it tells a browser still checking a session we have
 *     closed that the pair failed rather than letting it retry until its own timeout;
 * <li>MESSAGE-INTEGRITY wrong for that session's password: 401, unauthenticated;
 * <li>remote ufrag (after ':') not the one from the offer: 401, unauthenticated;
 * <li>then, authenticated with MESSAGE-INTEGRITY: 420 for unknown comprehension-required attributes (§7.3.1), 487 if
 *     the request carries ICE-CONTROLLED (the peer must be controlling; a lite agent cannot switch roles, so it acts
 *     as if its tie-breaker were the lowest, §7.3.1.1), 400 if it carries no role attribute or both;
 * <li>otherwise a Binding success with XOR-MAPPED-ADDRESS = the sender, MESSAGE-INTEGRITY and FINGERPRINT, and the
 *     session is updated (consent, selected address, nomination: see {@link IceSession}).
 * </ul>
 * Every response carries FINGERPRINT; SOFTWARE, if configured, only the authenticated ones (it would make a 401
 * larger than the smallest request). Anything that is not STUN, does not parse, or has a wrong FINGERPRINT is
 * dropped (RFC 5389 §7.3); well-formed STUN other than Binding requests (indications, responses) is ignored.
 *
 * <p>Ownership: {@code onStunPacket} reads the packet without moving its reader index and never retains or releases
 * it. A response is allocated from the given allocator and handed over in {@link Result#response()}: the caller sends
 * it to the sender (and so releases it) or releases it. No I/O here. Thread-safe: any event loop may call it.
 */
public final class IceLiteAgent {
    private static final int RESPONSE_INITIAL_CAPACITY = 96;

    /** What became of a packet; the ones with a response say which answer was written. */
    public enum Outcome {
        BINDING_SUCCESS,
        BAD_REQUEST,
        UNKNOWN_USER,
        BAD_INTEGRITY,
        UNKNOWN_ATTRIBUTE,
        ROLE_CONFLICT,
        MALFORMED,
        NOT_BINDING_REQUEST
    }

    /**
     * The result of one packet. {@code response} is null or a buffer the caller now owns (send to the sender, or
     * release); {@code session} is the session the request authenticated against, or null.
     */
    public record Result(Outcome outcome, ByteBuf response, IceSession session, String reason) {
        public boolean hasResponse() {
            return response != null;
        }

        static Result dropped(Outcome outcome, String reason) {
            return new Result(outcome, null, null, reason);
        }
    }

    private final ConcurrentHashMap<String, IceSession> sessions = new ConcurrentHashMap<>();
    private final IceStats stats = new IceStats();
    private final String software;

    public IceLiteAgent() {
        this(null);
    }

    /** @param software SOFTWARE attribute for responses (RFC 5389 §15.10), or null for none */
    public IceLiteAgent(String software) {
        this.software = software;
    }

    /** Adds a session; false (and nothing changes) if its local ufrag is already taken: draw new credentials. */
    public boolean register(IceSession session) {
        return sessions.putIfAbsent(session.localUfrag(), session) == null;
    }

    /** Removes the session if it is the one registered under its ufrag. */
    public boolean unregister(IceSession session) {
        return sessions.remove(session.localUfrag(), session);
    }

    public IceSession session(String localUfrag) {
        return sessions.get(localUfrag);
    }

    public int sessionCount() {
        return sessions.size();
    }

    public IceStats stats() {
        return stats;
    }

    /** Marks expired and unregisters every session without consent for {@code timeout} (RFC 7675); returns them. */
    public List<IceSession> expireStale(long nowNanos, Duration timeout) {
        List<IceSession> expired = new ArrayList<>();
        for (IceSession session : sessions.values()) {
            if (session.consentExpired(nowNanos, timeout) && sessions.remove(session.localUfrag(), session)) {
                session.markExpired();
                expired.add(session);
            }
        }
        return expired;
    }

    /**
     * Handles one datagram the demultiplexer classified as STUN (first byte 0..3). {@code sender} is its source
     * address, which is also where a response must go.
     */
    public Result onStunPacket(ByteBuf packet, InetSocketAddress sender, long nowNanos, ByteBufAllocator alloc) {
        Objects.requireNonNull(sender, "sender");
        if (sender.isUnresolved()) {
            throw new IllegalArgumentException("sender must be a resolved socket address: " + sender);
        }
        if (!StunMessage.isStun(packet)) {
            stats.malformed.increment();
            return Result.dropped(Outcome.MALFORMED, "not STUN: first byte above 3, no magic cookie or under 20 bytes");
        }
        StunMessage request;
        try {
            request = StunMessage.parse(packet);
        } catch (StunParseException e) {
            stats.malformed.increment();
            return Result.dropped(Outcome.MALFORMED, e.getMessage());
        }
        if (request.hasFingerprint() && !request.fingerprintMatches()) {
            stats.malformed.increment();
            return Result.dropped(Outcome.MALFORMED, "FINGERPRINT does not match");
        }
        if (!request.isBindingRequest()) {
            stats.nonBindingIgnored.increment();
            return Result.dropped(Outcome.NOT_BINDING_REQUEST, "ignored " + request.stunClass() + " of method 0x"
                    + Integer.toHexString(request.method()));
        }
        stats.bindingRequests.increment();

        String username = request.username();
        if (username == null || !request.hasMessageIntegrity()) {
            stats.badRequests.increment();
            return Result.dropped(Outcome.BAD_REQUEST, "Binding request without USERNAME or MESSAGE-INTEGRITY");
        }
        int colon = username.indexOf(':');
        String localUfrag = colon < 0 ? username : username.substring(0, colon);
        IceSession session = sessions.get(localUfrag);
        if (session == null || session.state() == IceSession.State.EXPIRED) {
            stats.unknownUser.increment();
            return error(request, alloc, Outcome.UNKNOWN_USER, 401, "Unauthorized", null, "no session for ufrag", null);
        }
        if (!request.integrityMatches(session.integrityKey())) {
            stats.badIntegrity.increment();
            return error(request, alloc, Outcome.BAD_INTEGRITY, 401, "Unauthorized", null,
                    "MESSAGE-INTEGRITY does not match the session's password", null);
        }
        String remoteUfrag = colon < 0 ? "" : username.substring(colon + 1);
        if (!remoteUfrag.equals(session.remoteUfrag())) {
            stats.unknownUser.increment();
            return error(request, alloc, Outcome.UNKNOWN_USER, 401, "Unauthorized", null,
                    "remote ufrag in USERNAME is not the offer's", null);
        }

        int[] unknown = request.unknownComprehensionRequired();
        if (unknown.length > 0) {
            stats.unknownAttributes.increment();
            return error(request, alloc, Outcome.UNKNOWN_ATTRIBUTE, 420, "Unknown Attribute", session,
                    "unknown comprehension-required attributes", unknown);
        }
        if (request.hasIceControlled() && !request.hasIceControlling()) {
            stats.roleConflicts.increment();
            return error(request, alloc, Outcome.ROLE_CONFLICT, 487, "Role Conflict", session,
                    "peer claims the controlled role; an ICE-lite agent is always controlled", null);
        }
        if (!request.hasIceControlling() || request.hasIceControlled()) {
            stats.badRequests.increment();
            return error(request, alloc, Outcome.BAD_REQUEST, 400, "Bad Request", session,
                    "Binding request needs exactly one of ICE-CONTROLLING and ICE-CONTROLLED", null);
        }

        session.onAuthenticatedCheck(sender, nowNanos, request.useCandidate());
        ByteBuf response = alloc.buffer(RESPONSE_INITIAL_CAPACITY);
        try {
            StunMessageWriter writer = new StunMessageWriter().begin(response,
                    StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.SUCCESS_RESPONSE),
                    request.transactionId());
            if (software != null) {
                writer.software(software);
            }
            writer.xorMappedAddress(sender).messageIntegrity(session.integrityKey()).fingerprint();
        } catch (RuntimeException e) {
            response.release();
            throw e;
        }
        stats.successResponses.increment();
        return new Result(Outcome.BINDING_SUCCESS, response, session, "ok");
    }

    /**
     * Writes an error response. With {@code authenticated} (the session the request proved it knows the password of)
     * it carries MESSAGE-INTEGRITY and the result names that session; without, it must not (RFC 5389 §10.1.2).
     */
    private Result error(StunMessage request, ByteBufAllocator alloc, Outcome outcome, int code, String phrase,
            IceSession authenticated, String reason, int[] unknownAttributes) {
        ByteBuf response = alloc.buffer(RESPONSE_INITIAL_CAPACITY);
        try {
            StunMessageWriter writer = new StunMessageWriter().begin(response,
                    StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.ERROR_RESPONSE),
                    request.transactionId());
            if (software != null && authenticated != null) {
                writer.software(software);
            }
            writer.errorCode(code, phrase);
            if (unknownAttributes != null) {
                writer.unknownAttributes(unknownAttributes);
            }
            if (authenticated != null) {
                writer.messageIntegrity(authenticated.integrityKey());
            }
            writer.fingerprint();
        } catch (RuntimeException e) {
            response.release();
            throw e;
        }
        stats.errorResponses.increment();
        return new Result(outcome, response, authenticated, reason);
    }
}
