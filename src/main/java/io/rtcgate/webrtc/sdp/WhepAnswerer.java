package io.rtcgate.webrtc.sdp;

import io.rtcgate.media.Codec;
import io.rtcgate.ingest.sdp.RtpMap;
import io.rtcgate.webrtc.sdp.H264ProfileLevelId.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Answers a {@link WhepOffer} for one stream (RFC 3264 offer/answer, JSEP RFC 8829 §5.3 shapes): send-only,
 * ICE-lite (RFC 8445 §2.5), DTLS server ({@code a=setup:passive}, RFC 5763 §5), all candidates in the answer and
 * {@code a=end-of-candidates} (no trickle), one BUNDLE transport (RFC 9143). Stateless and thread-safe.
 *
 * <h2>Which m-lines are accepted</h2>
 * The first video m-line that is {@code UDP/TLS/RTP/SAVPF}, not disabled and {@code recvonly}/{@code sendrecv} gets
 * the stream's H.264 (an offer without one is refused); the first such audio m-line gets the stream's audio when the
 * offer has its codec. Every other m-line — further video or audio, data channels, audio without a common codec — is
 * rejected with port 0 (RFC 3264 §6) and left out of the answer's BUNDLE group. One exception: the offerer
 * BUNDLE-tag m-line (the first mid of the offer's group) carries the transport, so when it is an RTP m-line the
 * gateway does not serve (an audio m-line put first, the stream has no audio), it is answered {@code a=inactive} inside
 * the BUNDLE group instead — Chromium 156 refuses an answer that rejects the offerer's tag but accepts the other
 * m-lines ("Failed to setup RTCP mux"); a non-RTP tag (data channel first) makes the offer unanswerable. Accepted
 * m-lines each carry the same transport attributes and candidates.
 *
 * <h2>H.264 payload type choice</h2>
 * Only payload types with {@code packetization-mode=1} (the gateway sends FU-A/STAP-A, RFC 6184 §6.3). Among them the
 * first, in the offerer's order, of the first profile class in this list that the offer has:
 * <ul>
 * <li>stream Constrained Baseline or Baseline, or stream unknown: Constrained Baseline, then Baseline;</li>
 * <li>Main: Main, then Constrained Baseline, Baseline (decoders are not limited by the profile in practice);</li>
 * <li>High: High; without B-frames also Constrained High, Constrained Baseline, Baseline — Chromium plays a High
 * stream without B-frames answered as 42e01f (INTEROP.md), with B-frames it decodes few frames, so that is refused
 * unless the viewer offered High;</li>
 * <li>Constrained High: Constrained High, High, Constrained Baseline, Baseline;</li>
 * <li>any other profile: an offered payload type with the same profile_idc.</li>
 * </ul>
 * The chosen payload type's offered fmtp is echoed; when the stream's profile-level-id differs from it,
 * {@code level-asymmetry-allowed=1} is set (RFC 6184 §8.1) so that the viewer accepts our level. RTCP feedback kept:
 * {@code nack}, {@code nack pli}, {@code ccm fir} when offered; {@code transport-cc}, {@code goog-remb} and the rest
 * are dropped because the gateway does not implement them. No RTX, RED or FEC.
 *
 * <h2>Audio</h2>
 * The stream's codec (Opus 48000/2, PCMU/8000, PCMA/8000) when offered; with {@link SourceTracks#unknown()}, the first
 * offered of Opus, PCMU, PCMA in that preference. Offered Opus fmtp is echoed.
 */
public final class WhepAnswerer {

    private static final List<String> KEPT_VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir");
    private static final List<Codec> AUDIO_PREFERENCE = List.of(Codec.OPUS, Codec.PCMU, Codec.PCMA);
    private static final String CRLF = "\r\n";

    private final LongSupplier sessionIds;

    /** Session ids ({@code o=} line, RFC 8866 §5.2) from a random source. */
    public WhepAnswerer() {
        this(() -> ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    WhepAnswerer(LongSupplier sessionIds) {
        this.sessionIds = sessionIds;
    }

    /**
     * Builds the answer.
     *
     * @throws WhepOfferException when the offer has no usable video m-line or no H.264 payload type fit for the
     *         stream ("no codec in common: ...")
     */
    public WhepAnswer answer(WhepOffer offer, SourceTracks tracks, LocalEndpoint local) throws WhepOfferException {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(tracks, "tracks");
        Objects.requireNonNull(local, "local");

        OfferedMedia videoMedia = firstServable(offer, "video");
        if (videoMedia == null) {
            throw new WhepOfferException("offer has no video m-line the gateway can send on (needs "
                    + OfferedMedia.WEBRTC_RTP_PROTOCOL + ", recvonly or sendrecv)");
        }
        VideoChoice videoChoice = chooseVideo(videoMedia, tracks);
        OfferedCodec videoCodec = videoChoice.codec();
        NegotiatedVideo video = new NegotiatedVideo(videoMedia.mid(), videoCodec.payloadType(),
                videoChoice.answeredProfileLevelId(), videoCodec.hasFeedback("nack"),
                videoCodec.hasFeedback("nack pli"), videoCodec.hasFeedback("ccm fir"), local.videoSsrc());

        OfferedMedia audioMedia = firstServable(offer, "audio");
        NegotiatedAudio audio = null;
        OfferedCodec audioCodec = audioMedia == null ? null : chooseAudio(audioMedia, tracks);
        if (audioCodec != null) {
            Codec codec = rtpMap(audioCodec).codec();
            audio = new NegotiatedAudio(audioMedia.mid(), audioCodec.payloadType(), codec, audioCodec.clockRate(),
                    audioCodec.channels(), local.audioSsrc());
        }

        OfferedMedia tag = offerBundleTag(offer);
        boolean tagInactive = tag != videoMedia && (audio == null || tag != audioMedia);
        if (tagInactive && !tag.isWebRtcRtp()) {
            throw new WhepOfferException("the offer's first bundled m-line (mid " + tag.mid() + ", " + tag.kind()
                    + ") carries the transport but is not RTP the gateway can answer; put the video m-line first");
        }
        List<String> bundle = new ArrayList<>();
        for (OfferedMedia media : offer.media()) {
            if (media == videoMedia || (audio != null && media == audioMedia) || (tagInactive && media == tag)) {
                bundle.add(media.mid());
            }
        }

        StringBuilder sdp = new StringBuilder(2048);
        line(sdp, "v=0");
        line(sdp, "o=rtcgate " + sessionIds.getAsLong() + " 2 IN IP4 127.0.0.1");
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        line(sdp, "a=group:BUNDLE " + String.join(" ", bundle));
        line(sdp, "a=ice-lite");
        line(sdp, "a=msid-semantic: WMS " + local.msidStreamId());
        for (OfferedMedia media : offer.media()) {
            if (media == videoMedia) {
                appendVideo(sdp, media, videoChoice, local);
            } else if (audio != null && media == audioMedia) {
                appendAudio(sdp, media, audioCodec, local);
            } else if (tagInactive && media == tag) {
                appendInactive(sdp, media, local);
            } else {
                appendRejected(sdp, media);
            }
        }
        return new WhepAnswer(sdp.toString(), video, audio, bundle, offer);
    }

    private static OfferedMedia offerBundleTag(WhepOffer offer) {
        String tagMid = offer.bundleMids().get(0);
        for (OfferedMedia media : offer.media()) {
            if (!media.disabled() && tagMid.equals(media.mid())) {
                return media;
            }
        }
        throw new IllegalStateException("WhepOffer.parse guarantees the BUNDLE tag is an active m-line");
    }

    private static OfferedMedia firstServable(WhepOffer offer, String kind) {
        for (OfferedMedia media : offer.media()) {
            if (media.kind().equals(kind) && !media.disabled() && media.isWebRtcRtp() && media.wantsToReceive()) {
                return media;
            }
        }
        return null;
    }

    /** The chosen offered payload type and the profile-level-id the answer states for it. */
    private record VideoChoice(OfferedCodec codec, H264ProfileLevelId answeredProfileLevelId,
            boolean levelAsymmetry) {
    }

    private static VideoChoice chooseVideo(OfferedMedia media, SourceTracks tracks) throws WhepOfferException {
        List<OfferedCodec> usable = new ArrayList<>();
        for (OfferedCodec codec : media.codecs()) {
            if (codec.isH264() && codec.packetizationMode() == 1 && codec.profileLevelId() != null) {
                usable.add(codec);
            }
        }
        H264ProfileLevelId source = tracks.video().map(SourceTracks.H264Track::profileLevelId).orElse(null);
        boolean bFrames = tracks.video().map(SourceTracks.H264Track::hasBFrames).orElse(false);
        OfferedCodec chosen = null;
        if (source != null && source.streamProfile() == Profile.OTHER) {
            for (OfferedCodec codec : usable) {
                if (codec.profileLevelId().profileIdc() == source.profileIdc()) {
                    chosen = codec;
                    break;
                }
            }
        } else {
            chosen = firstOfProfiles(usable, preference(source == null ? null : source.streamProfile(), bFrames));
        }
        if (chosen == null) {
            throw new WhepOfferException("no codec in common: offer has " + describeVideoOffer(media)
                    + ", stream has " + tracks.describe());
        }
        H264ProfileLevelId offered = chosen.profileLevelId();
        boolean asymmetric = source != null && !source.equals(offered);
        return new VideoChoice(chosen, offered, asymmetric);
    }

    private static List<Profile> preference(Profile source, boolean bFrames) {
        if (source == null) {
            return List.of(Profile.CONSTRAINED_BASELINE, Profile.BASELINE);
        }
        return switch (source) {
            case CONSTRAINED_BASELINE, BASELINE -> List.of(Profile.CONSTRAINED_BASELINE, Profile.BASELINE);
            case MAIN -> List.of(Profile.MAIN, Profile.CONSTRAINED_BASELINE, Profile.BASELINE);
            case EXTENDED -> List.of(Profile.EXTENDED);
            case HIGH -> bFrames ? List.of(Profile.HIGH)
                    : List.of(Profile.HIGH, Profile.CONSTRAINED_HIGH, Profile.CONSTRAINED_BASELINE, Profile.BASELINE);
            case CONSTRAINED_HIGH -> List.of(Profile.CONSTRAINED_HIGH, Profile.HIGH, Profile.CONSTRAINED_BASELINE,
                    Profile.BASELINE);
            case OTHER -> List.of();
        };
    }

    private static OfferedCodec firstOfProfiles(List<OfferedCodec> usable, List<Profile> preference) {
        for (Profile profile : preference) {
            for (OfferedCodec codec : usable) {
                if (codec.profileLevelId().profile() == profile) {
                    return codec;
                }
            }
        }
        return null;
    }

    /** E.g. "VP8, VP9, H264 42001f/mode 1, H264 42001f/mode 0, AV1" (retransmission and FEC formats left out). */
    private static String describeVideoOffer(OfferedMedia media) {
        Set<String> names = new LinkedHashSet<>();
        for (OfferedCodec codec : media.codecs()) {
            if (codec.isEncoding("rtx") || codec.isEncoding("red") || codec.isEncoding("ulpfec")
                    || codec.encodingName().toLowerCase(java.util.Locale.ROOT).startsWith("flexfec")) {
                continue;
            }
            if (codec.isH264()) {
                H264ProfileLevelId id = codec.profileLevelId();
                names.add("H264 " + (id == null ? "(bad profile-level-id)" : id.toString()) + "/mode "
                        + codec.packetizationMode());
            } else {
                names.add(codec.encodingName());
            }
        }
        return names.isEmpty() ? "no codecs" : String.join(", ", names);
    }

    private static OfferedCodec chooseAudio(OfferedMedia media, SourceTracks tracks) {
        List<Codec> wanted;
        if (tracks.known()) {
            if (tracks.audio().isEmpty()) {
                return null;
            }
            wanted = List.of(tracks.audio().get().codec());
        } else {
            wanted = AUDIO_PREFERENCE;
        }
        for (Codec codec : wanted) {
            for (OfferedCodec offered : media.codecs()) {
                if (rtpMap(offered).codec() == codec) {
                    return offered;
                }
            }
        }
        return null;
    }

    private static RtpMap rtpMap(OfferedCodec codec) {
        return new RtpMap(codec.payloadType(), codec.encodingName(), codec.clockRate(), codec.channels());
    }

    private static void appendVideo(StringBuilder sdp, OfferedMedia media, VideoChoice choice, LocalEndpoint local) {
        OfferedCodec codec = choice.codec();
        int pt = codec.payloadType();
        appendAcceptedHead(sdp, media, pt, local);
        line(sdp, "a=rtpmap:" + pt + " " + codec.encodingName() + "/" + codec.clockRate());
        for (String feedback : KEPT_VIDEO_FEEDBACK) {
            if (codec.hasFeedback(feedback)) {
                line(sdp, "a=rtcp-fb:" + pt + " " + feedback);
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>(codec.parameters());
        if (choice.levelAsymmetry()) {
            parameters.put("level-asymmetry-allowed", "1");
        }
        line(sdp, "a=fmtp:" + pt + " " + formatParameters(parameters));
        appendSourceAndCandidates(sdp, local.videoSsrc(), local.msidVideoTrackId(), local);
    }

    private static void appendAudio(StringBuilder sdp, OfferedMedia media, OfferedCodec codec, LocalEndpoint local) {
        int pt = codec.payloadType();
        appendAcceptedHead(sdp, media, pt, local);
        line(sdp, "a=rtpmap:" + pt + " " + codec.encodingName() + "/" + codec.clockRate()
                + (codec.channels() != 1 ? "/" + codec.channels() : ""));
        if (!codec.parameters().isEmpty()) {
            line(sdp, "a=fmtp:" + pt + " " + formatParameters(codec.parameters()));
        }
        appendSourceAndCandidates(sdp, local.audioSsrc(), local.msidAudioTrackId(), local);
    }

    /**
     * The offerer BUNDLE-tag m-line when nothing is sent on it: kept in the BUNDLE group with the transport, no media
     * (RFC 3264 §6.1 {@code inactive}), the first offered format echoed because an m-line needs one.
     */
    private static void appendInactive(StringBuilder sdp, OfferedMedia media, LocalEndpoint local) {
        OfferedCodec codec = media.codecs().isEmpty() ? null : media.codecs().get(0);
        String format = codec == null ? media.formats().get(0) : Integer.toString(codec.payloadType());
        appendTransportHead(sdp, media, format, "inactive", local);
        if (codec != null && SdpGrammar.isToken(codec.encodingName(), 32)) {
            line(sdp, "a=rtpmap:" + codec.payloadType() + " " + codec.encodingName() + "/" + codec.clockRate()
                    + (codec.channels() != 1 ? "/" + codec.channels() : ""));
        }
        appendCandidates(sdp, local);
    }

    private static void appendAcceptedHead(StringBuilder sdp, OfferedMedia media, int payloadType,
            LocalEndpoint local) {
        appendTransportHead(sdp, media, Integer.toString(payloadType), "sendonly", local);
    }

    private static void appendTransportHead(StringBuilder sdp, OfferedMedia media, String format, String direction,
            LocalEndpoint local) {
        line(sdp, "m=" + media.kind() + " 9 " + OfferedMedia.WEBRTC_RTP_PROTOCOL + " " + format);
        line(sdp, "c=IN IP4 0.0.0.0");
        line(sdp, "a=mid:" + media.mid());
        line(sdp, "a=" + direction);
        line(sdp, "a=rtcp-mux");
        if (media.rtcpRsize()) {
            line(sdp, "a=rtcp-rsize");
        }
        line(sdp, "a=ice-ufrag:" + local.iceUfrag());
        line(sdp, "a=ice-pwd:" + local.icePwd());
        line(sdp, "a=fingerprint:" + local.fingerprint().toSdpValue());
        line(sdp, "a=setup:passive");
    }

    private static void appendSourceAndCandidates(StringBuilder sdp, long ssrc, String trackId, LocalEndpoint local) {
        line(sdp, "a=ssrc:" + ssrc + " cname:" + local.cname());
        line(sdp, "a=msid:" + local.msidStreamId() + " " + trackId);
        appendCandidates(sdp, local);
    }

    private static void appendCandidates(StringBuilder sdp, LocalEndpoint local) {
        List<HostCandidate> candidates = local.hostCandidates();
        for (int i = 0; i < candidates.size(); i++) {
            HostCandidate candidate = candidates.get(i);
            line(sdp, "a=candidate:" + foundation(candidates, i) + " 1 udp " + hostPriority(i) + " "
                    + candidate.addressText() + " " + candidate.port() + " typ host");
        }
        line(sdp, "a=end-of-candidates");
    }

    /** RFC 8445 §5.1.1.3: candidates share a foundation when type, base address and transport are the same. */
    private static int foundation(List<HostCandidate> candidates, int index) {
        for (int i = 0; i <= index; i++) {
            if (candidates.get(i).address().equals(candidates.get(index).address())) {
                return i + 1;
            }
        }
        return index + 1;
    }

    /**
     * RFC 8445 §5.1.2.1: {@code 2^24 * type preference + 2^8 * local preference + (256 - component)}, host type
     * preference 126, local preference 65535 for the first candidate and one less for each next.
     */
    static long hostPriority(int index) {
        return (126L << 24) + ((65535L - index) << 8) + (256 - 1);
    }

    /** Rejected m-line (RFC 3264 §6): port 0, the offered protocol and first format, and the mid. */
    private static void appendRejected(StringBuilder sdp, OfferedMedia media) {
        line(sdp, "m=" + media.kind() + " 0 " + media.protocol() + " " + media.formats().get(0));
        line(sdp, "c=IN IP4 0.0.0.0");
        if (media.mid() != null) {
            line(sdp, "a=mid:" + media.mid());
        }
    }

    private static String formatParameters(Map<String, String> parameters) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(parameter.getKey());
            if (!parameter.getValue().isEmpty()) {
                text.append('=').append(parameter.getValue());
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append(CRLF);
    }
}
