package io.rtcgate.webrtc.dtls;

import io.rtcgate.webrtc.srtp.SrtpProfile;
import java.util.HashSet;
import java.util.List;

/**
 * Tuning of the DTLS server. Validated on construction, so a bad configuration fails at startup with a clear message.
 *
 * @param srtpProfileOrder     SRTP protection profile ids in the gateway's order of preference; the server picks the first
 *                             one the client offers (default 7, 8, 1: AEAD_AES_128_GCM, AEAD_AES_256_GCM,
 *                             AES128_CM_HMAC_SHA1_80)
 * @param handshakeTimeoutMillis a handshake not done after this long fails with {@code TlsTimeoutException} (BouncyCastle's
 *                             default 0 would wait forever)
 * @param handshakeResendMillis BouncyCastle's initial retransmission timer, doubled on each resend (RFC 6347 §4.2.4.1)
 * @param handshakeThreads     threads running handshakes (and the short post-handshake pump tasks)
 * @param handshakeQueueBound  handshakes waiting for a thread before new sessions are refused
 * @param datagramQueueCapacity inbound DTLS datagrams a session buffers before dropping
 */
public record DtlsSettings(
        List<Integer> srtpProfileOrder,
        int handshakeTimeoutMillis,
        int handshakeResendMillis,
        int handshakeThreads,
        int handshakeQueueBound,
        int datagramQueueCapacity) {

    public static final List<Integer> DEFAULT_SRTP_PROFILE_ORDER = List.of(0x0007, 0x0008, 0x0001);

    public DtlsSettings {
        srtpProfileOrder = List.copyOf(srtpProfileOrder);
        if (srtpProfileOrder.isEmpty()) {
            throw new IllegalArgumentException("srtpProfileOrder must name at least one SRTP protection profile");
        }
        if (new HashSet<>(srtpProfileOrder).size() != srtpProfileOrder.size()) {
            throw new IllegalArgumentException("srtpProfileOrder repeats a profile: " + srtpProfileOrder);
        }
        for (int id : srtpProfileOrder) {
            if (SrtpProfile.byId(id).isEmpty()) {
                throw new IllegalArgumentException("unsupported SRTP protection profile " + id + " in srtpProfileOrder;"
                        + " supported: 1 (AES_CM_128_HMAC_SHA1_80), 7 (AEAD_AES_128_GCM),"
                        + " 8 (AEAD_AES_256_GCM)");
            }
        }
        requireRange("handshakeTimeoutMillis", handshakeTimeoutMillis, 100, 120_000);
        requireRange("handshakeResendMillis", handshakeResendMillis, 10, 60_000);
        requireRange("handshakeThreads", handshakeThreads, 1, 64);
        requireRange("handshakeQueueBound", handshakeQueueBound, 1, 100_000);
        requireRange("datagramQueueCapacity", datagramQueueCapacity, 1, 4096);
    }

    /** Profiles 7, 8, 1; 5 s timeout; 1 s first resend; 2 threads; 64 queued handshakes; 32 queued datagrams. */
    public static DtlsSettings defaults() {
        return new DtlsSettings(DEFAULT_SRTP_PROFILE_ORDER, 5000, 1000, 2, 64, 32);
    }

    public DtlsSettings withSrtpProfileOrder(List<Integer> order) {
        return new DtlsSettings(order, handshakeTimeoutMillis, handshakeResendMillis, handshakeThreads,
                handshakeQueueBound, datagramQueueCapacity);
    }

    public DtlsSettings withHandshakeTimeoutMillis(int millis) {
        return new DtlsSettings(srtpProfileOrder, millis, handshakeResendMillis, handshakeThreads,
                handshakeQueueBound, datagramQueueCapacity);
    }

    public DtlsSettings withHandshakeResendMillis(int millis) {
        return new DtlsSettings(srtpProfileOrder, handshakeTimeoutMillis, millis, handshakeThreads,
                handshakeQueueBound, datagramQueueCapacity);
    }

    public DtlsSettings withHandshakeThreads(int threads, int queueBound) {
        return new DtlsSettings(srtpProfileOrder, handshakeTimeoutMillis, handshakeResendMillis, threads, queueBound,
                datagramQueueCapacity);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
        }
    }
}
