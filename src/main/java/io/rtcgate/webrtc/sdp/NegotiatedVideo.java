package io.rtcgate.webrtc.sdp;

/**
 * The H.264 video the answer agreed to send.
 *
 * @param mid            mid of the video m-line
 * @param payloadType    RTP payload type to send with
 * @param profileLevelId the profile-level-id in the answer's fmtp (the viewer's offered value, echoed)
 * @param nack           generic NACK may be sent by the viewer ({@code a=rtcp-fb nack}, RFC 4585)
 * @param pli            picture loss indication ({@code nack pli}, RFC 4585 §6.3.1)
 * @param fir            full intra request ({@code ccm fir}, RFC 5104 §4.3.1)
 * @param ssrc           our SSRC, as announced in {@code a=ssrc}
 */
public record NegotiatedVideo(String mid, int payloadType, H264ProfileLevelId profileLevelId, boolean nack,
        boolean pli, boolean fir, long ssrc) {
}
