package io.rtcgate.media;

/**
 * Real H.264 NAL units produced with ffmpeg/libx264 (Annex B start codes removed):
 * {@code ffmpeg -f lavfi -i testsrc=size=640x360:rate=30 -t 1 -pix_fmt yuv420p -c:v libx264 -bf 0
 * -profile:v baseline -f h264 out.264} and the same at 1920x1080 with {@code -profile:v high}
 * (which has B-frames). Slices are cut after their first bytes: enough for the slice header start.
 */
final class H264Samples {
    /** Constrained Baseline, level 3.0, 640x360 (23 macroblock rows, 8 lines cropped). */
    static final String BASELINE_SPS = "6742c01ed900a02ff970110000030001000003003c0f162e48";
    static final String BASELINE_PPS = "68cb83cb20";
    /** IDR slice: first_mb_in_slice 0, slice_type 7 (I). */
    static final String BASELINE_IDR_HEAD = "65888409f2628000a16c9c9c9c92c462";
    /** Non-IDR slice: first_mb_in_slice 0, slice_type 5 (P). */
    static final String BASELINE_P_HEAD = "419a3813e2bb08012ff4aeff827ee11e";

    /** High, level 4.0, 1920x1080 (68 macroblock rows, 8 lines cropped). */
    static final String HIGH_SPS = "67640028acd940780227e5c044000003000400000300f03c60c658";
    static final String HIGH_PPS = "68ebe3cb22c0";
    /** Non-reference slice: first_mb_in_slice 0, slice_type 6 (B). */
    static final String HIGH_B_HEAD = "019e6174427f00000300337e67e6022a";
    /** Reference P slice from the same stream, slice_type 5. */
    static final String HIGH_P_HEAD = "419a246c427ffdf1001c3557c3c01e36";

    /** High, level 3.1, 1280x720 (exact macroblock multiple, no cropping). */
    static final String HIGH_720P_SPS = "6764001facd9405005bb0110000003001000000303c0f1831960";
    /** High 4:4:4 Predictive, level 3.0, 642x362 (4:4:4, crop unit 1). */
    static final String HIGH444_SPS = "67f4001e919b281485fc7cf80880000003008000001e078b16cb";
    /** High, level 4.0, 1920x1080 interlaced (frame_mbs_only_flag 0). */
    static final String INTERLACED_SPS = "67640028acd94078044fde0220000003002000000783e2c5b2c0";

    private H264Samples() {
    }

    static byte[] bytes(String hex) {
        return RtpPackets.hex(hex);
    }
}
