package io.rtcgate.webrtc.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE-lite state of one viewer (RFC 8445 §2.5): our credentials (from the answer), the browser's (from the offer),
 * the address media goes to, and consent freshness (RFC 7675).
 *
 * <p>The browser's candidates are never used: its working pair against our server candidate is often peer-reflexive
 * (INTEROP.md), so the address comes only from authenticated Binding requests. Selection: the last address whose
 * authenticated request carried USE-CANDIDATE; before any nomination, the first authenticated address. The DTLS layer
 * may move it with {@link #latchAuthenticatedSource} to another address that has passed a check (Chromium sends from
 * several source addresses).
 *
 * <p>Consent (RFC 7675 §5.1) is per address: a request refreshes it for its source, and {@link #lastConsentNanos()} is
 * that of the selected address. A session that never got a check counts from its creation time, so it expires too.
 *
 * <p>Threads: STUN may arrive on any event loop, so updates are {@code synchronized} (STUN is low-rate); the fields the
 * media path reads ({@link #selectedAddress()}, {@link #state()}) are volatile and read without a lock.
 */
public final class IceSession {
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);
    /** Addresses remembered as having passed a check; a browser has a handful of interfaces, this bounds the memory. */
    static final int MAX_AUTHENTICATED_SOURCES = 8;

    public enum State {
        /** No authenticated check yet. */
        NEW,
        /** At least one authenticated check: there is a selected address with consent. */
        CONNECTED,
        /** Consent lost or the session was closed; stop sending (RFC 7675 §5.1). */
        EXPIRED
    }

    private final IceCredentials local;
    private final IceCredentials remote;
    private final SecretKeySpec integrityKey;
    private final long createdNanos;

    private volatile State state = State.NEW;
    private volatile InetSocketAddress selectedAddress;
    private volatile long lastConsentNanos;
    private volatile boolean nominated;

    private final InetSocketAddress[] sources = new InetSocketAddress[MAX_AUTHENTICATED_SOURCES];
    private final long[] sourceConsentNanos = new long[MAX_AUTHENTICATED_SOURCES];
    private int sourceCount;

    public IceSession(IceCredentials local, IceCredentials remote, long createdNanos) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.integrityKey = StunIntegrity.shortTermKey(local.pwd());
        this.createdNanos = createdNanos;
        this.lastConsentNanos = createdNanos;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public IceCredentials remoteCredentials() {
        return remote;
    }

    public String localUfrag() {
        return local.ufrag();
    }

    public String localPwd() {
        return local.pwd();
    }

    public String remoteUfrag() {
        return remote.ufrag();
    }

    public String remotePwd() {
        return remote.pwd();
    }

    public State state() {
        return state;
    }

    /** Where media goes, or null before the first authenticated check. */
    public InetSocketAddress selectedAddress() {
        return selectedAddress;
    }

    /** True once an authenticated request with USE-CANDIDATE arrived (RFC 8445 §7.3.1.5). */
    public boolean isNominated() {
        return nominated;
    }

    public long createdNanos() {
        return createdNanos;
    }

    /** When the selected address last passed a check; the creation time if none has. */
    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    /** RFC 7675 §5.1: true if expired, or no consent for the selected address within {@code timeout} (30 s default). */
    public boolean consentExpired(long nowNanos, Duration timeout) {
        return state == State.EXPIRED || nowNanos - lastConsentNanos > timeout.toNanos();
    }

    /** Ends the session: the agent no longer answers for it and media must stop. */
    public synchronized void markExpired() {
        state = State.EXPIRED;
    }

    /**
     * Moves the selected address to {@code source} if it has passed an authenticated check (the DTLS layer calls this
     * with the source of an authenticated DTLS record). Returns whether {@code source} is now the selected address.
     */
    public synchronized boolean latchAuthenticatedSource(InetSocketAddress source) {
        if (state == State.EXPIRED) {
            return false;
        }
        int i = indexOf(source);
        if (i < 0) {
            return false;
        }
        selectedAddress = sources[i];
        lastConsentNanos = sourceConsentNanos[i];
        return true;
    }

    SecretKeySpec integrityKey() {
        return integrityKey;
    }

    /** Records an authenticated Binding request from {@code source} (the agent has checked it). */
    synchronized void onAuthenticatedCheck(InetSocketAddress source, long nowNanos, boolean useCandidate) {
        if (state == State.EXPIRED) {
            return;
        }
        remember(source, nowNanos);
        if (useCandidate) {
            selectedAddress = source;
            nominated = true;
        } else if (selectedAddress == null) {
            selectedAddress = source;
        }
        if (source.equals(selectedAddress)) {
            lastConsentNanos = nowNanos;
        }
        state = State.CONNECTED;
    }

    private void remember(InetSocketAddress source, long nowNanos) {
        int i = indexOf(source);
        if (i < 0) {
            if (sourceCount == MAX_AUTHENTICATED_SOURCES) {
                i = oldestSource();
            } else {
                i = sourceCount++;
            }
            sources[i] = source;
        }
        sourceConsentNanos[i] = nowNanos;
    }

    /** The least recently checked source other than the selected one (the table is full, so there is one). */
    private int oldestSource() {
        int oldest = -1;
        for (int i = 0; i < sourceCount; i++) {
            if (sources[i].equals(selectedAddress)) {
                continue;
            }
            if (oldest < 0 || sourceConsentNanos[i] - sourceConsentNanos[oldest] < 0) {
                oldest = i;
            }
        }
        return oldest;
    }

    private int indexOf(InetSocketAddress source) {
        for (int i = 0; i < sourceCount; i++) {
            if (sources[i].equals(source)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "IceSession[" + local.ufrag() + ":" + remote.ufrag() + " " + state + " selected=" + selectedAddress
                + (nominated ? " nominated" : "") + "]";
    }
}
