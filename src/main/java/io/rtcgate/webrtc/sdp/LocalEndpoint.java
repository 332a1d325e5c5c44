package io.rtcgate.webrtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The gateway's side of one WHEP session, as its answer announces it.
 *
 * @param iceUfrag         our ICE username fragment, 4..256 ice-chars (RFC 8839 §5.4; use at least 24 bits of
 *                         randomness, RFC 8445 §5.3)
 * @param icePwd           our ICE password, 22..256 ice-chars (at least 128 bits of randomness)
 * @param fingerprint      sha-256 fingerprint of our DTLS certificate
 * @param hostCandidates   the UDP addresses our ICE-lite socket listens on, at least one, most preferred first
 * @param videoSsrc        SSRC of the video we send, 0..2^32-1
 * @param audioSsrc        SSRC of the audio we send, different from the video SSRC
 * @param cname            RTCP CNAME (RFC 7022), 1..255 visible ASCII characters
 * @param msidStreamId     MediaStream id for {@code a=msid} (RFC 8830), a token of 1..64 characters
 * @param msidVideoTrackId video track id for {@code a=msid}
 * @param msidAudioTrackId audio track id for {@code a=msid}
 */
public record LocalEndpoint(String iceUfrag, String icePwd, DtlsFingerprint fingerprint,
        List<HostCandidate> hostCandidates, long videoSsrc, long audioSsrc, String cname, String msidStreamId,
        String msidVideoTrackId, String msidAudioTrackId) {

    /** Most host candidates announced. */
    public static final int MAX_HOST_CANDIDATES = 16;

    public LocalEndpoint {
        if (!SdpGrammar.isIceChars(iceUfrag, 4, 256)) {
            throw new IllegalArgumentException("iceUfrag must be 4..256 of A-Z a-z 0-9 + /");
        }
        if (!SdpGrammar.isIceChars(icePwd, 22, 256)) {
            throw new IllegalArgumentException("icePwd must be 22..256 of A-Z a-z 0-9 + /");
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!fingerprint.algorithm().equals(DtlsFingerprint.SHA_256)) {
            throw new IllegalArgumentException("the fingerprint must be sha-256");
        }
        hostCandidates = List.copyOf(hostCandidates);
        if (hostCandidates.isEmpty() || hostCandidates.size() > MAX_HOST_CANDIDATES) {
            throw new IllegalArgumentException("1.." + MAX_HOST_CANDIDATES + " host candidates are needed");
        }
        checkSsrc(videoSsrc, "videoSsrc");
        checkSsrc(audioSsrc, "audioSsrc");
        if (videoSsrc == audioSsrc) {
            throw new IllegalArgumentException("video and audio need different SSRCs");
        }
        if (cname == null || cname.isEmpty() || cname.length() > 255
                || !cname.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("cname must be 1..255 visible ASCII characters");
        }
        for (String id : new String[] {msidStreamId, msidVideoTrackId, msidAudioTrackId}) {
            if (!SdpGrammar.isToken(id, 64)) {
                throw new IllegalArgumentException("msid ids must be tokens of 1..64 characters: " + id);
            }
        }
    }

    /** Same as the canonical constructor, with the fingerprint given as {@code AB:CD:...} (32 hex pairs). */
    public static LocalEndpoint of(String iceUfrag, String icePwd, String sha256FingerprintHex,
            List<HostCandidate> hostCandidates, long videoSsrc, long audioSsrc, String cname, String msidStreamId,
            String msidVideoTrackId, String msidAudioTrackId) {
        DtlsFingerprint fingerprint;
        try {
            fingerprint = DtlsFingerprint.parse(DtlsFingerprint.SHA_256 + " " + sha256FingerprintHex);
        } catch (WhepOfferException e) {
            throw new IllegalArgumentException("local fingerprint: " + e.getMessage(), e);
        }
        return new LocalEndpoint(iceUfrag, icePwd, fingerprint, hostCandidates, videoSsrc, audioSsrc, cname,
                msidStreamId, msidVideoTrackId, msidAudioTrackId);
    }

    private static void checkSsrc(long ssrc, String name) {
        if (ssrc < 0 || ssrc > 0xffffffffL) {
            throw new IllegalArgumentException(name + " must be 0..2^32-1");
        }
    }
}
