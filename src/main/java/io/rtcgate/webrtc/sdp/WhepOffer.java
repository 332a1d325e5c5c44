package io.rtcgate.webrtc.sdp;

import io.rtcgate.ingest.sdp.MediaDescription;
import io.rtcgate.ingest.sdp.RtpMap;
import io.rtcgate.ingest.sdp.SdpParseException;
import io.rtcgate.ingest.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated WHEP offer (draft-ietf-wish-whep §4.2): the SDP a viewer POSTs, checked for everything the gateway's
 * answer relies on. Immutable.
 *
 * <p>Rules, each failing with a {@link WhepOfferException} whose reason fits a 400 body:
 * <ul>
 * <li>At most {@link #MAX_LENGTH} characters and {@link #MAX_MEDIA} m-lines; valid SDP (RFC 8866), at least one
 * m-line.</li>
 * <li><b>BUNDLE</b>: every m-line that is not disabled by the offerer (port 0 without {@code a=bundle-only}) must
 * have a unique {@code a=mid} and belong to the first {@code a=group:BUNDLE} (RFC 9143). WHEP and JSEP clients use
 * the max-bundle policy, and the gateway serves one ICE/DTLS transport per viewer, so an offer that asks for separate
 * transports is refused rather than partly answered. (Several m-lines of the same kind are allowed; the answerer
 * serves the first usable one and rejects the rest.)</li>
 * <li>Transport parameters are those of the offerer BUNDLE-tag m-line (the first mid of the group), falling back to
 * the session level (RFC 9143 §7.2): {@code a=ice-ufrag} (4..256 ice-chars) and {@code a=ice-pwd} (22..256,
 * RFC 8839 §5.4), an {@code a=fingerprint:sha-256} (RFC 8122; other algorithms are ignored), and
 * {@code a=setup} {@code actpass} or {@code active} (RFC 5763 §5; absent means {@code active}, RFC 4145 §4), since
 * the gateway is always the DTLS server.</li>
 * <li>{@code a=rtcp-mux} on every RTP m-line that is not disabled (RFC 8858; the gateway has no RTCP port).</li>
 * <li>Not {@code a=ice-lite}: two lite agents cannot connect (RFC 8445 §2.5).</li>
 * </ul>
 * Candidates of the BUNDLE transport are kept when they are UDP, component 1, with an IP-literal address; mDNS
 * ({@code .local}) and other host names, TCP candidates and lines that break RFC 8839 §5.1 are skipped and counted
 * in {@link #ignoredCandidates()}: an ICE-lite server learns the viewer's address from its connectivity checks anyway.
 */
public final class WhepOffer {

    /** Largest accepted offer, in characters (64 KiB; Chromium's offers are about 6 KiB). */
    public static final int MAX_LENGTH = 64 * 1024;
    /** Most m-lines accepted. */
    public static final int MAX_MEDIA = 16;
    /** Most remote candidates kept. */
    public static final int MAX_CANDIDATES = 32;
    /** Longest accepted {@code a=mid}. */
    public static final int MAX_MID_LENGTH = 32;

    private final List<OfferedMedia> media;
    private final List<String> bundleMids;
    private final String iceUfrag;
    private final String icePwd;
    private final DtlsFingerprint fingerprint;
    private final String setup;
    private final List<IceCandidate> candidates;
    private final int ignoredCandidates;

    private WhepOffer(List<OfferedMedia> media, List<String> bundleMids, String iceUfrag, String icePwd,
            DtlsFingerprint fingerprint, String setup, List<IceCandidate> candidates, int ignoredCandidates) {
        this.media = List.copyOf(media);
        this.bundleMids = List.copyOf(bundleMids);
        this.iceUfrag = iceUfrag;
        this.icePwd = icePwd;
        this.fingerprint = fingerprint;
        this.setup = setup;
        this.candidates = List.copyOf(candidates);
        this.ignoredCandidates = ignoredCandidates;
    }

    /**
     * Parses and validates an offer.
     *
     * @throws WhepOfferException with the reason the offer cannot be answered; never any unchecked exception
     */
    public static WhepOffer parse(String sdp) throws WhepOfferException {
        if (sdp == null || sdp.isBlank()) {
            throw new WhepOfferException("offer is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new WhepOfferException("offer is " + sdp.length() + " characters, limit is " + MAX_LENGTH);
        }
        int mediaLines = countMediaLines(sdp);
        if (mediaLines > MAX_MEDIA) {
            throw new WhepOfferException("offer has " + mediaLines + " m-lines, limit is " + MAX_MEDIA);
        }
        SessionDescription session;
        try {
            session = SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new WhepOfferException("offer is not valid SDP: " + e.getMessage());
        }
        if (session.media().isEmpty()) {
            throw new WhepOfferException("offer has no m-lines");
        }
        if (session.attribute("ice-lite") != null) {
            throw new WhepOfferException("offer is ICE-lite; the gateway is ICE-lite too, so it needs a full ICE agent");
        }

        List<String> bundle = firstBundleGroup(session);
        List<OfferedMedia> media = new ArrayList<>(session.media().size());
        Set<String> mids = new HashSet<>();
        for (MediaDescription description : session.media()) {
            OfferedMedia offered = toOfferedMedia(description);
            if (!offered.disabled()) {
                String where = "m-line " + offered.index() + " (" + offered.kind() + ")";
                if (offered.mid() == null) {
                    throw new WhepOfferException(where + " has no a=mid, so it cannot be bundled (RFC 9143)");
                }
                if (!mids.add(offered.mid())) {
                    throw new WhepOfferException(where + " repeats a=mid:" + offered.mid());
                }
                if (!bundle.contains(offered.mid())) {
                    throw new WhepOfferException(where + " with mid " + offered.mid() + " is not in the BUNDLE group; "
                            + "WHEP needs all media on one transport (bundle policy max-bundle)");
                }
                if (offered.protocol().toUpperCase(Locale.ROOT).contains("RTP/") && !offered.rtcpMux()) {
                    throw new WhepOfferException(where + " has no a=rtcp-mux; RTP and RTCP must share the transport");
                }
            }
            media.add(offered);
        }
        for (String mid : bundle) {
            if (!mids.contains(mid)) {
                throw new WhepOfferException("BUNDLE group names mid " + mid + ", which is no active m-line of the offer");
            }
        }
        String tagMid = bundle.get(0);
        MediaDescription tag = null;
        for (int i = 0; i < media.size(); i++) {
            if (tagMid.equals(media.get(i).mid()) && !media.get(i).disabled()) {
                tag = session.media().get(i);
            }
        }

        String ufrag = transportAttribute(tag, session, "ice-ufrag");
        if (ufrag == null) {
            throw new WhepOfferException("offer has no a=ice-ufrag (session or media level)");
        }
        if (!SdpGrammar.isIceChars(ufrag, 4, 256)) {
            throw new WhepOfferException("a=ice-ufrag must be 4 to 256 characters of A-Z a-z 0-9 + /");
        }
        String pwd = transportAttribute(tag, session, "ice-pwd");
        if (pwd == null) {
            throw new WhepOfferException("offer has no a=ice-pwd (session or media level)");
        }
        if (!SdpGrammar.isIceChars(pwd, 22, 256)) {
            throw new WhepOfferException("a=ice-pwd must be 22 to 256 characters of A-Z a-z 0-9 + /");
        }
        DtlsFingerprint fingerprint = sha256Fingerprint(tag, session);
        String setup = transportAttribute(tag, session, "setup");
        if (setup == null) {
            setup = "active";
        }
        if (!setup.equals("actpass") && !setup.equals("active")) {
            throw new WhepOfferException("a=setup:" + setup + " is not accepted; the offer must say actpass or active "
                    + "because the gateway is the DTLS server (a=setup:passive)");
        }

        List<IceCandidate> candidates = new ArrayList<>();
        int ignored = 0;
        List<String> candidateLines = new ArrayList<>(session.attributeValues("candidate"));
        candidateLines.addAll(tag.attributeValues("candidate"));
        for (String line : candidateLines) {
            IceCandidate candidate;
            try {
                candidate = IceCandidate.parse(line);
            } catch (WhepOfferException e) {
                ignored++; // RFC 8839 §5.1: a candidate that cannot be parsed is ignored, the rest still count
                continue;
            }
            if (candidate.isHostName() || !candidate.transport().equals("udp") || candidate.component() != 1
                    || candidates.size() == MAX_CANDIDATES) {
                ignored++;
            } else {
                candidates.add(candidate);
            }
        }
        return new WhepOffer(media, bundle, ufrag, pwd, fingerprint, setup, candidates, ignored);
    }

    /** Counts lines starting with "m=", stopping once past the limit (cheap, before the full parse). */
    private static int countMediaLines(String sdp) {
        int count = 0;
        int position = 0;
        while (position < sdp.length() && count <= MAX_MEDIA) {
            if (sdp.startsWith("m=", position)) {
                count++;
            }
            int lineFeed = sdp.indexOf('\n', position);
            if (lineFeed < 0) {
                break;
            }
            position = lineFeed + 1;
        }
        return count;
    }

    private static List<String> firstBundleGroup(SessionDescription session) throws WhepOfferException {
        for (String group : session.attributeValues("group")) {
            String[] tokens = group.trim().split("[ \t]+");
            if (!tokens[0].equals("BUNDLE")) {
                continue;
            }
            if (tokens.length < 2) {
                throw new WhepOfferException("a=group:BUNDLE lists no mid");
            }
            List<String> mids = new ArrayList<>(tokens.length - 1);
            for (int i = 1; i < tokens.length; i++) {
                if (!SdpGrammar.isToken(tokens[i], MAX_MID_LENGTH)) {
                    throw new WhepOfferException("a=group:BUNDLE has an invalid mid " + SdpGrammar.quote(tokens[i]));
                }
                mids.add(tokens[i]);
            }
            return mids;
        }
        throw new WhepOfferException("offer has no a=group:BUNDLE; WHEP needs all media bundled on one transport "
                + "(RFC 9143, bundle policy max-bundle)");
    }

    private static OfferedMedia toOfferedMedia(MediaDescription description) throws WhepOfferException {
        String mid = description.attribute("mid");
        if (mid != null && !SdpGrammar.isToken(mid, MAX_MID_LENGTH)) {
            throw new WhepOfferException("m-line " + description.index() + " has an invalid a=mid "
                    + SdpGrammar.quote(mid) + " (a token of at most " + MAX_MID_LENGTH + " characters)");
        }
        // everything echoed into the answer must be plain tokens (RFC 8866 §5.14 grammar), never control characters
        if (!SdpGrammar.isToken(description.type(), 32)) {
            throw new WhepOfferException("m-line " + description.index() + " has an invalid media type");
        }
        if (!SdpGrammar.isToken(description.protocol().replace('/', '-'), 64)) {
            throw new WhepOfferException("m-line " + description.index() + " has an invalid transport protocol");
        }
        if (description.formats().isEmpty()) {
            throw new WhepOfferException("m-line " + description.index() + " has no formats");
        }
        for (String format : description.formats()) {
            if (!SdpGrammar.isToken(format, 64)) {
                throw new WhepOfferException("m-line " + description.index() + " has an invalid format "
                        + SdpGrammar.quote(format));
            }
        }
        boolean disabled = description.port() == 0 && description.attribute("bundle-only") == null;
        List<OfferedCodec> codecs = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<String> feedbackLines = description.attributeValues("rtcp-fb");
        for (int payloadType : description.payloadTypes()) {
            RtpMap rtpMap = description.rtpMap(payloadType);
            if (rtpMap == null || !seen.add(payloadType)) {
                continue; // a dynamic payload type without rtpmap cannot be used; duplicates add nothing
            }
            codecs.add(new OfferedCodec(payloadType, rtpMap.encodingName(), rtpMap.clockRate(), rtpMap.channels(),
                    echoableParameters(description.fmtp(payloadType)), feedbackFor(payloadType, feedbackLines)));
        }
        return new OfferedMedia(description.index(), mid, description.type(), description.protocol(),
                description.formats(), description.direction(), disabled, description.attribute("rtcp-mux") != null,
                description.attribute("rtcp-rsize") != null, codecs);
    }

    /**
     * The fmtp parameters that may be written back into an answer: token keys and values of visible ASCII without
     * ';' (the generic parser keeps any character but line feeds; a stray CR must never reach the answer).
     */
    private static Map<String, String> echoableParameters(Map<String, String> parameters) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            if (SdpGrammar.isToken(parameter.getKey(), 64) && value.length() <= 1024
                    && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
                kept.put(parameter.getKey(), value);
            }
        }
        return kept;
    }

    /** {@code a=rtcp-fb:<pt or *> <type> [<subtype>]} (RFC 4585 §4.2), whitespace collapsed, types lowercase. */
    private static List<String> feedbackFor(int payloadType, List<String> lines) {
        List<String> feedback = new ArrayList<>();
        String pt = Integer.toString(payloadType);
        for (String line : lines) {
            String[] tokens = line.trim().split("[ \t]+");
            if (tokens.length >= 2 && (tokens[0].equals(pt) || tokens[0].equals("*"))) {
                String type = String.join(" ", List.of(tokens).subList(1, tokens.length)).toLowerCase(Locale.ROOT);
                if (!feedback.contains(type)) {
                    feedback.add(type);
                }
            }
        }
        return feedback;
    }

    private static String transportAttribute(MediaDescription tag, SessionDescription session, String name) {
        String value = tag.attribute(name);
        return value != null ? value : session.attribute(name);
    }

    private static DtlsFingerprint sha256Fingerprint(MediaDescription tag, SessionDescription session)
            throws WhepOfferException {
        List<String> values = tag.attributeValues("fingerprint");
        if (values.isEmpty()) {
            values = session.attributeValues("fingerprint");
        }
        if (values.isEmpty()) {
            throw new WhepOfferException("offer has no a=fingerprint (session or media level)");
        }
        List<String> algorithms = new ArrayList<>();
        for (String value : values) {
            String trimmed = value.trim();
            int space = trimmed.indexOf(' ');
            String algorithm = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
            if (algorithm.equals(DtlsFingerprint.SHA_256)) {
                return DtlsFingerprint.parse(trimmed);
            }
            algorithms.add(algorithm);
        }
        throw new WhepOfferException("offer has no sha-256 a=fingerprint (has " + String.join(", ", algorithms) + ")");
    }

    /** All m-lines, in offer order (disabled ones included). */
    public List<OfferedMedia> media() {
        return media;
    }

    /** Mids of the offer's first BUNDLE group, in order; the first is the offerer BUNDLE-tag. */
    public List<String> bundleMids() {
        return bundleMids;
    }

    /** The viewer's ICE username fragment. */
    public String iceUfrag() {
        return iceUfrag;
    }

    /** The viewer's ICE password. */
    public String icePwd() {
        return icePwd;
    }

    /** The viewer's sha-256 certificate fingerprint, to check against its DTLS client certificate. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** {@code actpass} or {@code active}. */
    public String setup() {
        return setup;
    }

    /** Usable remote candidates (UDP, component 1, IP literal), at most {@link #MAX_CANDIDATES}. */
    public List<IceCandidate> candidates() {
        return candidates;
    }

    /** Candidate lines skipped: malformed, host names (mDNS), not UDP, not component 1, or beyond the limit. */
    public int ignoredCandidates() {
        return ignoredCandidates;
    }

    @Override
    public String toString() {
        return "WhepOffer[bundle=" + bundleMids + ", media=" + media.size() + ", candidates=" + candidates.size() + "]";
    }
}
