package io.rtcgate.ingest.sdp;

import io.rtcgate.media.Codec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One media section the gateway can ingest: its codec, payload type, clock, format parameters and the URL to SETUP.
 *
 * @param index 0-based media section index in the session description
 * @param mediaType {@code video} or {@code audio}
 * @param codec the supported codec chosen for this section
 * @param payloadType RTP payload type carrying that codec
 * @param clockRate RTP clock rate
 * @param channels channel count from the rtpmap (1 when absent; 2 for Opus as RFC 7587 requires)
 * @param fmtp format parameters, keys lowercased (for H.264: {@code sprop-parameter-sets}, {@code packetization-mode},
 *        {@code profile-level-id})
 * @param control resolved control URL of this track (RFC 2326 §C.1.1)
 */
public record TrackDescription(int index, String mediaType, Codec codec, int payloadType, int clockRate, int channels,
        Map<String, String> fmtp, URI control) {

    public TrackDescription {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(codec, "codec");
        fmtp = Map.copyOf(fmtp);
        Objects.requireNonNull(control, "control");
    }

    /** The tracks of {@link #select(SessionDescription, URI)}, without the skipped sections. */
    public static List<TrackDescription> tracks(SessionDescription sdp, URI contentBase) {
        return select(sdp, contentBase).tracks();
    }

    /**
     * Picks, per media section, the first payload type of its {@code m=} line whose rtpmap is a supported
     * {@link Codec}; sections without one are returned as {@link SkippedTrack}s with a reason.
     *
     * <p>Control URLs (RFC 2326 §C.1.1): an absolute {@code a=control} is used as is; {@code *} or an absent one means
     * the aggregate URL; a relative one is appended to {@code contentBase} (which the caller takes from Content-Base,
     * else Content-Location, else the DESCRIBE request URL — without credentials). Appending with a '/' separator, rather
     * than RFC 3986 reference resolution, is deliberate: live555 and FFmpeg do so, and cameras are tested against
     * them — with a base of {@code rtsp://cam/stream} (no trailing slash) and {@code a=control:trackID=1}, RFC 3986
     * would give {@code rtsp://cam/trackID=1}, which cameras reject, while the clients send
     * {@code rtsp://cam/stream/trackID=1}. With a base ending in '/', both rules agree.
     */
    public static TrackSelection select(SessionDescription sdp, URI contentBase) {
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(contentBase, "contentBase");
        URI aggregate = resolveControl(contentBase, sdp.control(), contentBase);
        if (aggregate == null) {
            aggregate = contentBase;
        }
        List<TrackDescription> tracks = new ArrayList<>();
        List<SkippedTrack> skipped = new ArrayList<>();
        for (MediaDescription media : sdp.media()) {
            TrackDescription track = null;
            String reason = media.payloadTypes().isEmpty() ? "no RTP payload types" : "unsupported codec";
            for (int payloadType : media.payloadTypes()) {
                RtpMap rtpMap = media.rtpMap(payloadType);
                Codec codec = rtpMap == null ? null : rtpMap.codec();
                if (codec == null) {
                    continue;
                }
                URI control = resolveControl(contentBase, media.control(), aggregate);
                if (control == null) {
                    reason = "control URL \"" + media.control() + "\" cannot be resolved against " + contentBase;
                } else {
                    track = new TrackDescription(media.index(), media.type(), codec, payloadType,
                            rtpMap.clockRate(), rtpMap.channels(), media.fmtp(payloadType), control);
                }
                break;
            }
            if (track != null) {
                tracks.add(track);
            } else {
                skipped.add(new SkippedTrack(media.index(), media.type(), describeEncodings(media), reason));
            }
        }
        return new TrackSelection(tracks, skipped, aggregate);
    }

    /** {@code sprop-parameter-sets} (RFC 6184 §8.1), base64 SPS,PPS; null when absent. */
    public String spropParameterSets() {
        return fmtp.get("sprop-parameter-sets");
    }

    /** {@code packetization-mode} (RFC 6184 §8.1); 0 when absent or not a number. */
    public int packetizationMode() {
        String mode = fmtp.get("packetization-mode");
        return mode != null && mode.length() == 1 && mode.charAt(0) >= '0' && mode.charAt(0) <= '2'
                ? mode.charAt(0) - '0' : 0;
    }

    /** {@code profile-level-id} (RFC 6184 §8.1), six hex digits; null when absent. */
    public String profileLevelId() {
        return fmtp.get("profile-level-id");
    }

    private static URI resolveControl(URI base, String control, URI aggregate) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return aggregate;
        }
        try {
            URI reference = new URI(control);
            if (reference.isAbsolute()) {
                return reference;
            }
            String prefix = base.toString();
            String separator = prefix.endsWith("/") || control.startsWith("/") ? "" : "/";
            return new URI(prefix + separator + control);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String describeEncodings(MediaDescription media) {
        List<String> encodings = new ArrayList<>();
        for (int payloadType : media.payloadTypes()) {
            RtpMap rtpMap = media.rtpMap(payloadType);
            encodings.add(rtpMap == null ? "pt " + payloadType : rtpMap.toString());
        }
        if (encodings.isEmpty()) {
            encodings.addAll(media.formats());
        }
        return String.join(",", encodings);
    }
}
