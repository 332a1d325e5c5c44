package io.rtcgate.media;

import static io.rtcgate.media.H264Samples.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class H264SpsTest {

    @Test
    void parsesBaseline640x360() throws Exception {
        H264Sps sps = H264Sps.parse(bytes(H264Samples.BASELINE_SPS));
        assertEquals(66, sps.profileIdc());
        assertEquals(0xC0, sps.constraintFlags());
        assertEquals(30, sps.levelIdc());
        assertEquals("42c01e", sps.profileLevelId());
        assertEquals(640, sps.width());
        assertEquals(360, sps.height(), "23 macroblock rows = 368 lines, cropped by 8");
        assertEquals(1, sps.chromaFormatIdc());
        assertTrue(sps.frameMbsOnly());
    }

    @Test
    void parsesHigh1920x1080WithCropping() throws Exception {
        H264Sps sps = H264Sps.parse(bytes(H264Samples.HIGH_SPS));
        assertEquals(100, sps.profileIdc());
        assertEquals("640028", sps.profileLevelId());
        assertEquals(1920, sps.width());
        assertEquals(1080, sps.height(), "68 macroblock rows = 1088 lines, cropped by 8");
        assertEquals(8, sps.bitDepthLuma());
    }

    @Test
    void parsesHigh720pWithoutCropping() throws Exception {
        H264Sps sps = H264Sps.parse(bytes(H264Samples.HIGH_720P_SPS));
        assertEquals("64001f", sps.profileLevelId());
        assertEquals(1280, sps.width());
        assertEquals(720, sps.height());
    }

    @Test
    void parsesHigh444WithCropUnitOne() throws Exception {
        H264Sps sps = H264Sps.parse(bytes(H264Samples.HIGH444_SPS));
        assertEquals(244, sps.profileIdc());
        assertEquals(3, sps.chromaFormatIdc());
        assertEquals(642, sps.width());
        assertEquals(362, sps.height());
    }

    @Test
    void parsesInterlacedFrameSize() throws Exception {
        H264Sps sps = H264Sps.parse(bytes(H264Samples.INTERLACED_SPS));
        assertFalse(sps.frameMbsOnly());
        assertEquals(1920, sps.width());
        assertEquals(1080, sps.height());
    }

    @Test
    void parsesFromAnOffsetInsideAByteBuf() throws Exception {
        byte[] sps = bytes(H264Samples.BASELINE_SPS);
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {1, 2, 3});
        buf.writeBytes(sps);
        buf.writeBytes(new byte[] {9, 9});
        try {
            assertEquals(640, H264Sps.parse(buf, 3, sps.length).width());
        } finally {
            buf.release();
        }
    }

    /** High profile SPS with scaling lists, which sit between the chroma fields and the frame size. */
    @Test
    void skipsSeqScalingListsOfHighProfile() throws Exception {
        BitWriter w = new BitWriter()
                .bits(100, 8).bits(0, 8).bits(40, 8) // profile, constraints, level
                .ue(0) // sps id
                .ue(1).ue(0).ue(0).flag(false) // 4:2:0, 8 bit, no bypass
                .flag(true); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++) {
            w.flag(i != 3);
            if (i == 3) {
                continue;
            }
            int size = i < 6 ? 16 : 64;
            if (i == 1) {
                w.se(-8); // nextScale 0 right away: use the default matrix, nothing more
                continue;
            }
            for (int j = 0; j < size; j++) {
                w.se(j % 2 == 0 ? 3 : -2);
            }
        }
        w.ue(0).ue(0).ue(4) // log2_max_frame_num, poc type 0, log2_max_poc_lsb
                .ue(3).flag(false) // refs, gaps
                .ue(79).ue(44) // 80 x 45 macroblocks
                .flag(true).flag(true) // frame_mbs_only, direct_8x8
                .flag(true).ue(2).ue(3).ue(1).ue(0) // crop left 2 right 3 top 1 bottom 0
                .flag(false); // no VUI
        H264Sps sps = H264Sps.parse(w.nal(0x67));
        assertEquals(1280 - 2 * (2 + 3), sps.width());
        assertEquals(720 - 2 * 1, sps.height());
    }

    @Test
    void parsesPicOrderCntType1() throws Exception {
        BitWriter w = new BitWriter().bits(77, 8).bits(0x40, 8).bits(31, 8).ue(3)
                .ue(2) // log2_max_frame_num_minus4
                .ue(1).flag(false).se(-5).se(7).ue(3).se(1).se(-1).se(100) // poc type 1
                .ue(4).flag(false).ue(21).ue(17).flag(true).flag(true).flag(false).flag(false);
        H264Sps sps = H264Sps.parse(w.nal(0x67));
        assertEquals("4d401f", sps.profileLevelId());
        assertEquals(3, sps.id());
        assertEquals(352, sps.width());
        assertEquals(288, sps.height());
    }

    @Test
    void truncationFailsWithSyntaxExceptionUntilTheCroppingFieldsAreComplete() throws Exception {
        byte[] sps = bytes(H264Samples.HIGH_SPS);
        H264Sps full = H264Sps.parse(sps);
        int shortestAccepted = -1;
        for (int length = 0; length < sps.length; length++) {
            byte[] truncated = Arrays.copyOf(sps, length);
            try {
                H264Sps parsed = H264Sps.parse(truncated);
                // only the VUI (not read) may be missing
                assertEquals(full.width(), parsed.width());
                assertEquals(full.height(), parsed.height());
                if (shortestAccepted < 0) {
                    shortestAccepted = length;
                }
            } catch (H264SyntaxException e) {
                assertTrue(shortestAccepted < 0, "a longer prefix must not fail after a shorter one parsed");
                assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("too short"), e.getMessage());
            }
        }
        assertEquals(11, shortestAccepted, "the cropping fields end in byte 11 of this SPS");
    }

    @Test
    void rejectsOtherNalTypes() {
        H264SyntaxException e = assertThrows(H264SyntaxException.class,
                () -> H264Sps.parse(bytes(H264Samples.BASELINE_PPS + "000000")));
        assertTrue(e.getMessage().contains("not an SPS"), e.getMessage());
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertSyntaxError(new BitWriter().bits(66, 8).bits(0, 8).bits(30, 8).ue(32), "seq_parameter_set_id");
        assertSyntaxError(new BitWriter().bits(100, 8).bits(0, 8).bits(30, 8).ue(0).ue(4), "chroma_format_idc");
        assertSyntaxError(new BitWriter().bits(66, 8).bits(0, 8).bits(30, 8).ue(0).ue(13), "log2_max_frame_num");
        assertSyntaxError(new BitWriter().bits(66, 8).bits(0, 8).bits(30, 8).ue(0).ue(0).ue(3), "pic_order_cnt_type");
        assertSyntaxError(new BitWriter().bits(66, 8).bits(0, 8).bits(30, 8).ue(0).ue(0).ue(2).ue(1).flag(false)
                .ue(H264Sps.MAX_MACROBLOCKS_PER_SIDE), "pic_width_in_mbs_minus1");
        assertSyntaxError(new BitWriter().bits(66, 8).bits(0, 8).bits(30, 8).ue(0).ue(0).ue(2).ue(1).flag(false)
                .ue(0).ue(0).flag(true).flag(true).flag(true).ue(8).ue(0).ue(0).ue(0).flag(false), "no picture");
    }

    private static void assertSyntaxError(BitWriter w, String expected) {
        try {
            H264Sps.parse(w.nal(0x67));
            fail("expected an error about " + expected);
        } catch (H264SyntaxException e) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }
}
