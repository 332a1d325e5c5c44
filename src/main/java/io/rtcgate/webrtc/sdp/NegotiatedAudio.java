package io.rtcgate.webrtc.sdp;

import io.rtcgate.media.Codec;

/**
 * The audio the answer agreed to send.
 *
 * @param mid         mid of the audio m-line
 * @param payloadType RTP payload type to send with
 * @param codec       {@link Codec#OPUS}, {@link Codec#PCMU} or {@link Codec#PCMA}
 * @param clockRate   RTP clock rate as in the rtpmap
 * @param channels    channels as in the rtpmap (2 for Opus, RFC 7587 §7)
 * @param ssrc        our SSRC, as announced in {@code a=ssrc}
 */
public record NegotiatedAudio(String mid, int payloadType, Codec codec, int clockRate, int channels, long ssrc) {
}
