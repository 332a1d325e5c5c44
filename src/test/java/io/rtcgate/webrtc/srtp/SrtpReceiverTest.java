package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Receiver rules: replay window and ROC (RFC 3711 §3.3.1-3.3.2, Appendix A), authentication, framing, limits. */
class SrtpReceiverTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void samePacketTwiceIsReplayed(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys);
        byte[] p = t.srtp(10);
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, p));
        assertEquals(SrtpError.REPLAYED, SrtpTestPackets.rtp(receiver, p));
        assertEquals(1, receiver.counters().rtpPackets());
        assertEquals(1, receiver.counters().errors(SrtpError.REPLAYED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void reorderedWithinWindowAcceptedBehindItTooOld(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys); // window 128
        byte[][] packets = new byte[301][];
        for (int seq = 0; seq <= 300; seq++) {
            packets[seq] = t.srtp(seq);
        }
        for (int seq = 0; seq <= 300; seq++) {
            if (seq != 100 && seq != 250 && seq != 173) {
                assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, packets[seq]), "seq " + seq);
            }
        }
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, packets[250]), "50 behind");
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, packets[173]), "127 behind, last in window");
        assertEquals(SrtpError.TOO_OLD, SrtpTestPackets.rtp(receiver, packets[100]), "200 behind");
        assertEquals(SrtpError.REPLAYED, SrtpTestPackets.rtp(receiver, packets[250]));
        assertEquals(SrtpError.TOO_OLD, SrtpTestPackets.rtp(receiver, packets[0]));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void anyModifiedByteFailsAuthenticationAndLeavesNoState(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys);
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(1)));
        byte[] p = t.srtp(2);
        for (int i : new int[] {1, 4, 7, 12, 60, p.length - 1}) {
            byte[] bad = p.clone();
            bad[i] ^= 0x01;
            assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtp(receiver, bad), "byte " + i);
        }
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, p), "forgeries did not mark index 2 as seen");
        assertEquals(6, receiver.counters().errors(SrtpError.AUTH_FAILED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedFarAheadPacketDoesNotMoveTheRoc(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys);
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(40_000)));
        byte[] forged = t.srtp(40_001);
        SrtpWire.putShort(forged, 2, 5); // would mean ROC 1
        assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtp(receiver, forged));
        assertEquals(0, receiver.rolloverCounter(SrtpTestPackets.SSRC));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(40_002)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedAndMalformed(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys);
        byte[] p = t.srtp(3);
        int minimum = 12 + profile.rtpTagLength();
        assertEquals(SrtpError.TOO_SHORT, SrtpTestPackets.rtp(receiver, Arrays.copyOf(p, minimum - 1)));
        assertEquals(SrtpError.TOO_SHORT, SrtpTestPackets.rtp(receiver, new byte[0]));
        assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtp(receiver, Arrays.copyOf(p, p.length - 1)));
        byte[] version1 = p.clone();
        version1[0] = 0x40;
        assertEquals(SrtpError.MALFORMED, SrtpTestPackets.rtp(receiver, version1));
        byte[] csrcPastEnd = Arrays.copyOf(p, minimum + 8);
        csrcPastEnd[0] = (byte) 0x83; // 3 CSRCs need 12 bytes, only 8 before the tag
        assertEquals(SrtpError.MALFORMED, SrtpTestPackets.rtp(receiver, csrcPastEnd));
        byte[] extensionPastEnd = p.clone();
        extensionPastEnd[0] = (byte) 0x90;
        SrtpWire.putShort(extensionPastEnd, 14, 0xFFFF);
        assertEquals(SrtpError.MALFORMED, SrtpTestPackets.rtp(receiver, extensionPastEnd));
        assertEquals(SrtpError.TOO_LONG, SrtpTestPackets.rtp(receiver, new byte[SrtpReceiver.MAX_PACKET_LENGTH + 1]));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, p));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpReplayTruncationAndTag(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys);
        byte[] rtcp = SrtpJitsiInteropTest.randomRtcp(t.random, SrtpTestPackets.SSRC);
        byte[] first = t.srtcp(rtcp);
        byte[] second = t.srtcp(rtcp);
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtcp(receiver, second));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtcp(receiver, first), "reordered");
        assertEquals(SrtpError.REPLAYED, SrtpTestPackets.rtcp(receiver, second));
        byte[] bad = t.srtcp(rtcp);
        bad[10] ^= 0x40;
        assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtcp(receiver, bad));
        int minimum = 8 + 4 + profile.rtcpTagLength();
        assertEquals(SrtpError.TOO_SHORT, SrtpTestPackets.rtcp(receiver, Arrays.copyOf(bad, minimum - 1)));
        byte[] version0 = t.srtcp(rtcp);
        version0[0] = 0x01;
        assertEquals(SrtpError.MALFORMED, SrtpTestPackets.rtcp(receiver, version0));
        assertEquals(2, receiver.counters().rtcpPackets());
    }

    @Test
    void streamLimitCountsOnlyAuthenticatedSsrcs() {
        SrtpTestPackets t = new SrtpTestPackets(SrtpProfile.AEAD_AES_128_GCM);
        SrtpReceiver receiver = new SrtpReceiver(t.keys, 64, 2);
        byte[] forged = t.srtp(t.sender, 1, 1);
        forged[forged.length - 1] ^= 1;
        assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtp(receiver, forged));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(t.sender, 2, 2)));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(t.sender, 3, 3)));
        assertEquals(SrtpError.STREAM_LIMIT, SrtpTestPackets.rtp(receiver, t.srtp(t.sender, 4, 4)));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(t.sender, 2, 5)));
    }

    @Test
    void rocEstimationFollowsAppendixA() {
        // s_l < 32768
        assertEquals(100, SrtpReceiver.estimateIndex(10, 100));
        assertEquals(-65536 + 65000, SrtpReceiver.estimateIndex(10, 65000)); // ROC - 1 with ROC 0
        assertEquals((4L << 16) + 65000, SrtpReceiver.estimateIndex((5L << 16) + 10, 65000));
        // s_l >= 32768
        assertEquals((1L << 16) + 5, SrtpReceiver.estimateIndex(65530, 5));
        assertEquals(65000, SrtpReceiver.estimateIndex(65530, 65000));
        assertEquals(40000, SrtpReceiver.estimateIndex(50000, 40000));
        // s_l - 32768 = 17232: smaller seq means the next ROC, 17232 itself still this one
        assertEquals((3L << 16) + 17231, SrtpReceiver.estimateIndex((2L << 16) + 50000, 17231));
        assertEquals((2L << 16) + 17232, SrtpReceiver.estimateIndex((2L << 16) + 50000, 17232));
    }

    @Test
    void replayWindowRejectsBadSizes() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(32));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(100));
    }
}
