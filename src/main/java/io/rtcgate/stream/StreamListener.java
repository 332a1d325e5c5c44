package io.rtcgate.stream;

import io.rtcgate.media.AccessUnit;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import java.util.List;

/**
 * Receives what a stream produces, on the stream's event loop. The arguments are views valid only during the call: a
 * listener that keeps bytes must retain or copy them itself.
 */
public interface StreamListener {

    /** A complete H.264 access unit of video track {@code track}; keyframes start with SPS and PPS. */
    default void onAccessUnit(Stream stream, int track, AccessUnit unit) {
    }

    /** An audio RTP packet (Opus, PCMU, PCMA), passed through as received. */
    default void onAudioPacket(Stream stream, int track, RtpPacket packet) {
    }

    /**
     * The source's read cycle ended (its socket has nothing more to read for now): the moment to flush what was written
     * in answer to the packets of this cycle, so many datagrams leave in one send call.
     */
    default void onReadComplete(Stream stream) {
    }

    /** A source attached ({@code tracks} non-empty) or left ({@code tracks} empty). */
    default void onSourceChanged(Stream stream, List<MediaFormat> tracks) {
    }
}
