package io.rtcgate.bench;

import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtpSequenceTracker;
import java.util.Collection;

/**
 * The viewer fleet's counters summed over its viewers at one moment; two of them subtract to a measurement window.
 * Every figure is cumulative per viewer, so the difference counts exactly what happened in between.
 *
 * @param videoPackets  video packets that authenticated
 * @param videoFrames   of those, packets with the marker bit (the last of a frame)
 * @param keyframes     of those, packets starting a keyframe
 * @param audioPackets  audio packets that authenticated
 * @param srtpRejected  SRTP packets refused for any reason
 * @param srtpReplayed  of those, refused as replays (an index received before: duplicates)
 * @param srtpTooOld    of those, refused as behind the SRTP replay window (very late)
 * @param srtcpReceived SRTCP packets that authenticated
 * @param senderReports RTCP sender reports in them
 * @param sequence      video and audio sequence accounting together
 */
public record FleetCounters(long videoPackets, long videoFrames, long keyframes, long audioPackets, long srtpRejected,
        long srtpReplayed, long srtpTooOld, long srtcpReceived, long senderReports, RtpSequenceTracker.Snapshot sequence) {

    /** Sums the viewers' counters now. */
    public static FleetCounters of(Collection<JavaWhepViewer> viewers) {
        long videoPackets = 0;
        long videoFrames = 0;
        long keyframes = 0;
        long audioPackets = 0;
        long srtpRejected = 0;
        long srtpReplayed = 0;
        long srtpTooOld = 0;
        long srtcpReceived = 0;
        long senderReports = 0;
        RtpSequenceTracker.Snapshot sequence = RtpSequenceTracker.Snapshot.ZERO;
        for (JavaWhepViewer v : viewers) {
            videoPackets += v.videoPackets();
            videoFrames += v.videoFrames();
            keyframes += v.videoKeyframes();
            audioPackets += v.audioPackets();
            srtpRejected += v.srtpRejected();
            srtpReplayed += v.srtpReplayed();
            srtpTooOld += v.srtpTooOld();
            srtcpReceived += v.srtcpReceived();
            senderReports += v.senderReports();
            sequence = sequence.plus(v.videoSequence()).plus(v.audioSequence());
        }
        return new FleetCounters(videoPackets, videoFrames, keyframes, audioPackets, srtpRejected, srtpReplayed,
                srtpTooOld, srtcpReceived, senderReports, sequence);
    }

    /** What happened between {@code earlier} and this. */
    public FleetCounters minus(FleetCounters earlier) {
        return new FleetCounters(videoPackets - earlier.videoPackets, videoFrames - earlier.videoFrames,
                keyframes - earlier.keyframes, audioPackets - earlier.audioPackets, srtpRejected - earlier.srtpRejected,
                srtpReplayed - earlier.srtpReplayed, srtpTooOld - earlier.srtpTooOld,
                srtcpReceived - earlier.srtcpReceived, senderReports - earlier.senderReports,
                sequence.minus(earlier.sequence));
    }

    /** Packets expected from the sequence numbers but never received (a very late packet refused by SRTP included). */
    public long lostPackets() {
        return sequence.lost();
    }

    /**
     * Packets that arrived after a higher sequence number: reordered ones placed in sequence, ones too far behind to
     * place (RFC 3550 A.1), and ones behind the SRTP replay window.
     */
    public long latePackets() {
        return sequence.late() + sequence.outOfRange() + srtpTooOld;
    }

    /** Packets received twice: seen by the sequence accounting, or refused by SRTP as a replay. */
    public long duplicatePackets() {
        return sequence.duplicates() + srtpReplayed;
    }

    /** SRTP packets refused for a reason other than replay or age: a tag that does not match, or a malformed packet. */
    public long authFailures() {
        return srtpRejected - srtpReplayed - srtpTooOld;
    }

    public long expectedPackets() {
        return sequence.expected();
    }

    /** 100 * lost / expected; NaN when nothing was expected. */
    public double lossPercent() {
        long expected = sequence.expected();
        return expected > 0 ? 100.0 * sequence.lost() / expected : Double.NaN;
    }
}
