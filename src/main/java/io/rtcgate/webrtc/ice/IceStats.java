package io.rtcgate.webrtc.ice;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@link IceLiteAgent}; updated from any event loop, read by metrics. */
public final class IceStats {
    final LongAdder bindingRequests = new LongAdder();
    final LongAdder successResponses = new LongAdder();
    final LongAdder errorResponses = new LongAdder();
    final LongAdder badIntegrity = new LongAdder();
    final LongAdder unknownUser = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder unknownAttributes = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder roleConflicts = new LongAdder();
    final LongAdder nonBindingIgnored = new LongAdder();

    /** Binding requests that parsed (whatever the answer). */
    public long bindingRequests() {
        return bindingRequests.sum();
    }

    /** Responses handed to the caller for sending: successes plus errors. */
    public long responsesSent() {
        return successResponses.sum() + errorResponses.sum();
    }

    public long successResponses() {
        return successResponses.sum();
    }

    public long errorResponses() {
        return errorResponses.sum();
    }

    /** MESSAGE-INTEGRITY did not match the session's password (answered 401). */
    public long badIntegrity() {
        return badIntegrity.sum();
    }

    /** USERNAME named no registered session, an expired one, or the wrong remote ufrag (answered 401). */
    public long unknownUser() {
        return unknownUser.sum();
    }

    /** Missing USERNAME/MESSAGE-INTEGRITY (dropped) or no/both ICE role attributes (answered 400). */
    public long badRequests() {
        return badRequests.sum();
    }

    /** Unknown comprehension-required attributes (answered 420). */
    public long unknownAttributes() {
        return unknownAttributes.sum();
    }

    /** Not STUN, not parseable, or a FINGERPRINT mismatch (dropped). */
    public long malformed() {
        return malformed.sum();
    }

    /** Requests carrying ICE-CONTROLLED (answered 487). */
    public long roleConflicts() {
        return roleConflicts.sum();
    }

    /** Well-formed STUN that is not a Binding request: indications, responses, other methods (dropped). */
    public long nonBindingIgnored() {
        return nonBindingIgnored.sum();
    }

    @Override
    public String toString() {
        return "IceStats[requests=" + bindingRequests() + " success=" + successResponses() + " errors=" + errorResponses()
                + " badIntegrity=" + badIntegrity() + " unknownUser=" + unknownUser() + " badRequests=" + badRequests()
                + " unknownAttributes=" + unknownAttributes() + " malformed=" + malformed() + " roleConflicts="
                + roleConflicts() + " nonBindingIgnored=" + nonBindingIgnored() + "]";
    }
}
