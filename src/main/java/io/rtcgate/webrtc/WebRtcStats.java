package io.rtcgate.webrtc;

import io.rtcgate.webrtc.srtp.SrtpProfile;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Gateway-wide WebRTC counters: sessions and why they were refused or ended, and what the UDP port rejected. */
public final class WebRtcStats {
    final LongAdder offers = new LongAdder();
    final LongAdder offersRejected = new LongAdder();
    final LongAdder sessionsRefusedLimit = new LongAdder();
    final LongAdder sessionsRefusedDraining = new LongAdder();
    final LongAdder playing = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder consentExpired = new LongAdder();
    final LongAdder dtlsRefused = new LongAdder();
    final LongAdder dtlsFailed = new LongAdder();
    final LongAdder dtlsFromUnknown = new LongAdder();
    final LongAdder dtlsNotStarted = new LongAdder();
    final LongAdder srtcpRejected = new LongAdder();
    final LongAdder rtpFromViewers = new LongAdder();
    final LongAdder unknownDatagrams = new LongAdder();
    final LongAdder readersUnauthorized = new LongAdder();
    final LongAdder offersRateLimited = new LongAdder();
    final LongAdder offersTooLarge = new LongAdder();
    private final Map<SrtpProfile, LongAdder> profiles = new EnumMap<>(SrtpProfile.class);

    WebRtcStats() {
        for (SrtpProfile p : SrtpProfile.values()) {
            profiles.put(p, new LongAdder());
        }
    }

    void countProfile(SrtpProfile profile) {
        profiles.get(profile).increment();
    }

    public long offers() {
        return offers.sum();
    }

    public long offersRejected() {
        return offersRejected.sum();
    }

    public long sessionsRefusedLimit() {
        return sessionsRefusedLimit.sum();
    }

    /** WHEP offers refused with 503 because the gateway was draining for shutdown. */
    public long sessionsRefusedDraining() {
        return sessionsRefusedDraining.sum();
    }

    public long playing() {
        return playing.sum();
    }

    public long closed() {
        return closed.sum();
    }

    public long consentExpired() {
        return consentExpired.sum();
    }

    public long dtlsRefused() {
        return dtlsRefused.sum();
    }

    public long dtlsFailed() {
        return dtlsFailed.sum();
    }

    public long dtlsFromUnknown() {
        return dtlsFromUnknown.sum();
    }

    /** Sessions closed because no DTLS handshake started in time (consent timeout + DTLS timeout after the offer). */
    public long dtlsNotStarted() {
        return dtlsNotStarted.sum();
    }

    public long srtcpRejected() {
        return srtcpRejected.sum();
    }

    public long unknownDatagrams() {
        return unknownDatagrams.sum();
    }

    public long profileCount(SrtpProfile profile) {
        return profiles.get(profile).sum();
    }

    /** WHEP offers and player pages refused with 401 (missing or wrong reader credentials). */
    public long readersUnauthorized() {
        return readersUnauthorized.sum();
    }

    /** WHEP offers refused with 429 ({@code rtcgate.webrtc.max-offers-per-second-per-client}). */
    public long offersRateLimited() {
        return offersRateLimited.sum();
    }

    /** WHEP offers refused with 413 (larger than 64 KiB). */
    public long offersTooLarge() {
        return offersTooLarge.sum();
    }
}
