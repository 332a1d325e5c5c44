package io.rtcgate.webrtc.sdp;

import java.util.List;
import java.util.Optional;

/**
 * The gateway's SDP answer to a WHEP offer and what it negotiated: everything the ICE, DTLS and RTP layers of the
 * session need. Immutable.
 */
public final class WhepAnswer {

    private final String sdp;
    private final NegotiatedVideo video;
    private final NegotiatedAudio audio;
    private final List<String> bundleMids;
    private final WhepOffer offer;

    WhepAnswer(String sdp, NegotiatedVideo video, NegotiatedAudio audio, List<String> bundleMids, WhepOffer offer) {
        this.sdp = sdp;
        this.video = video;
        this.audio = audio;
        this.bundleMids = List.copyOf(bundleMids);
        this.offer = offer;
    }

    /** The answer SDP, CRLF line ends, for the 201 response body ({@code application/sdp}). */
    public String sdp() {
        return sdp;
    }

    /** The video to send. */
    public NegotiatedVideo video() {
        return video;
    }

    /** The audio to send, if an audio m-line was accepted. */
    public Optional<NegotiatedAudio> audio() {
        return Optional.ofNullable(audio);
    }

    /** Mids of the accepted m-lines, the answer's BUNDLE group; the first is the answerer BUNDLE-tag. */
    public List<String> bundleMids() {
        return bundleMids;
    }

    /** The viewer's ICE username fragment (STUN USERNAME is {@code <ours>:<theirs>}, RFC 8445 §7.2.2). */
    public String remoteIceUfrag() {
        return offer.iceUfrag();
    }

    /** The viewer's ICE password (not needed by an ICE-lite agent except to check responses it never sends). */
    public String remoteIcePwd() {
        return offer.icePwd();
    }

    /** The viewer's certificate fingerprint, to verify its DTLS client certificate. */
    public DtlsFingerprint remoteFingerprint() {
        return offer.fingerprint();
    }

    /** The viewer's usable candidates (informational for an ICE-lite agent). */
    public List<IceCandidate> remoteCandidates() {
        return offer.candidates();
    }

    @Override
    public String toString() {
        return "WhepAnswer[video=" + video + ", audio=" + audio + ", bundle=" + bundleMids + "]";
    }
}
