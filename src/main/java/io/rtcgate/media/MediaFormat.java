package io.rtcgate.media;

import java.util.Map;

/**
 * What one RTP track carries, as negotiated in SDP: codec, payload type, clock rate, channels and the format parameters
 * ({@code a=fmtp}, keys lower case). For H.264, {@code sprop-parameter-sets} and {@code profile-level-id} live in fmtp.
 */
public record MediaFormat(Codec codec, int payloadType, int clockRate, int channels, Map<String, String> fmtp) {

    public MediaFormat {
        fmtp = Map.copyOf(fmtp);
    }

    public boolean isVideo() {
        return codec == Codec.H264;
    }

    /** The codec's name as the API shows it, e.g. {@code H264}, {@code opus}, {@code PCMU}. */
    public String displayName() {
        return codec.displayName();
    }
}
