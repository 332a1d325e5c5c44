package io.rtcgate.webrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One payload type of an offered m-line: its rtpmap (RFC 8866 §6.6, or the RFC 3551 static assignment), format
 * parameters ({@code a=fmtp}, keys lowercase, in offered order; only parameters that are safe to echo into an answer —
 * token keys, visible-ASCII values — are kept) and RTCP feedback ({@code a=rtcp-fb}, RFC 4585 §4.2, including the
 * {@code *} wildcard lines), e.g. {@code "nack"}, {@code "nack pli"}, {@code "ccm fir"}, {@code "transport-cc"}.
 */
public record OfferedCodec(int payloadType, String encodingName, int clockRate, int channels,
        Map<String, String> parameters, List<String> feedback) {

    public OfferedCodec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters)); // keeps the offered order
        feedback = List.copyOf(feedback);
    }

    /** Case-insensitive encoding name check (RFC 4855 §3). */
    public boolean isEncoding(String name) {
        return encodingName.equalsIgnoreCase(name);
    }

    /** {@code H264/90000}. */
    public boolean isH264() {
        return isEncoding("H264") && clockRate == 90000;
    }

    /** H.264 packetization-mode (RFC 6184 §8.1): 0 when absent, -1 when not 0, 1 or 2. */
    public int packetizationMode() {
        String mode = parameters.get("packetization-mode");
        if (mode == null) {
            return 0;
        }
        return switch (mode) {
            case "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> -1;
        };
    }

    /**
     * H.264 profile-level-id: the parsed value, {@link H264ProfileLevelId#DEFAULT} when absent (RFC 6184 §8.1), null
     * when malformed.
     */
    public H264ProfileLevelId profileLevelId() {
        String value = parameters.get("profile-level-id");
        return value == null ? H264ProfileLevelId.DEFAULT : H264ProfileLevelId.parseOrNull(value);
    }

    /** True when this exact feedback type was offered, e.g. {@code hasFeedback("nack pli")}. */
    public boolean hasFeedback(String type) {
        return feedback.contains(type);
    }

    /** The fmtp value as written back in SDP: {@code key=value;key=value} in offered order ("" when none). */
    public String parametersText() {
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

    @Override
    public String toString() {
        return payloadType + " " + encodingName + "/" + clockRate + (channels != 1 ? "/" + channels : "")
                + (parameters.isEmpty() ? "" : " " + parameters);
    }
}
