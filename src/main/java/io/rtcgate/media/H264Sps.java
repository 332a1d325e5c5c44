package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The fields of an H.264 sequence parameter set that the gateway needs: profile, level and picture
 * size (ITU-T H.264 §7.3.2.1.1 up to the frame cropping fields; the VUI is not read). Immutable.
 *
 * <pre>
 * profile_idc u(8) | constraint_set0..5_flag, reserved_zero_2bits u(8) | level_idc u(8)
 * seq_parameter_set_id ue
 * [High profiles: chroma_format_idc ue, [separate_colour_plane_flag u(1)], bit_depth_luma_minus8 ue,
 *   bit_depth_chroma_minus8 ue, qpprime_y_zero_transform_bypass_flag u(1),
 *   seq_scaling_matrix_present_flag u(1), [scaling lists]]
 * log2_max_frame_num_minus4 ue | pic_order_cnt_type ue | [poc fields]
 * max_num_ref_frames ue | gaps_in_frame_num_value_allowed_flag u(1)
 * pic_width_in_mbs_minus1 ue | pic_height_in_map_units_minus1 ue
 * frame_mbs_only_flag u(1) | [mb_adaptive_frame_field_flag u(1)] | direct_8x8_inference_flag u(1)
 * frame_cropping_flag u(1) | [frame_crop_left/right/top/bottom_offset ue]
 * </pre>
 */
public final class H264Sps {
    /** Level 6.2 allows at most sqrt(8 * 139264) = 1055 macroblocks per side (H.264 A.3.1). */
    public static final int MAX_MACROBLOCKS_PER_SIDE = 1055;

    private final int profileIdc;
    private final int constraintFlags;
    private final int levelIdc;
    private final int id;
    private final int chromaFormatIdc;
    private final int bitDepthLuma;
    private final boolean frameMbsOnly;
    private final int width;
    private final int height;
    private final String profileLevelId;

    private H264Sps(int profileIdc, int constraintFlags, int levelIdc, int id, int chromaFormatIdc,
            int bitDepthLuma, boolean frameMbsOnly, int width, int height) {
        this.profileIdc = profileIdc;
        this.constraintFlags = constraintFlags;
        this.levelIdc = levelIdc;
        this.id = id;
        this.chromaFormatIdc = chromaFormatIdc;
        this.bitDepthLuma = bitDepthLuma;
        this.frameMbsOnly = frameMbsOnly;
        this.width = width;
        this.height = height;
        this.profileLevelId = String.format("%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    /** Parses a complete SPS NAL unit, header byte included. */
    public static H264Sps parse(byte[] nal) throws H264SyntaxException {
        return parse(Unpooled.wrappedBuffer(nal), 0, nal.length, new H264BitReader());
    }

    /** Parses the SPS NAL unit (header byte included) at absolute index {@code offset} of {@code buf}. */
    public static H264Sps parse(ByteBuf buf, int offset, int length) throws H264SyntaxException {
        return parse(buf, offset, length, new H264BitReader());
    }

    static H264Sps parse(ByteBuf buf, int offset, int length, H264BitReader reader) throws H264SyntaxException {
        if (length < 4) {
            throw new H264SyntaxException("SPS too short: " + length + " bytes");
        }
        int header = buf.getUnsignedByte(offset);
        if (H264NalUnitType.of(header) != H264NalUnitType.SPS) {
            throw new H264SyntaxException("not an SPS: NAL unit type " + H264NalUnitType.of(header));
        }
        H264BitReader r = reader.reset(buf, offset + 1, length - 1);
        int profileIdc = r.readBits(8);
        int constraintFlags = r.readBits(8);
        int levelIdc = r.readBits(8);
        int id = r.readUe();
        check(r, id <= 31, "seq_parameter_set_id", id);

        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        int bitDepthLuma = 8;
        if (hasChromaFormatFields(profileIdc)) {
            chromaFormatIdc = r.readUe();
            check(r, chromaFormatIdc <= 3, "chroma_format_idc", chromaFormatIdc);
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.readFlag();
            }
            int lumaMinus8 = r.readUe();
            check(r, lumaMinus8 <= 6, "bit_depth_luma_minus8", lumaMinus8);
            bitDepthLuma = 8 + lumaMinus8;
            int chromaMinus8 = r.readUe();
            check(r, chromaMinus8 <= 6, "bit_depth_chroma_minus8", chromaMinus8);
            r.readFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.readFlag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        int log2MaxFrameNumMinus4 = r.readUe();
        check(r, log2MaxFrameNumMinus4 <= 12, "log2_max_frame_num_minus4", log2MaxFrameNumMinus4);
        int pocType = r.readUe();
        check(r, pocType <= 2, "pic_order_cnt_type", pocType);
        if (pocType == 0) {
            int log2MaxPocLsbMinus4 = r.readUe();
            check(r, log2MaxPocLsbMinus4 <= 12, "log2_max_pic_order_cnt_lsb_minus4", log2MaxPocLsbMinus4);
        } else if (pocType == 1) {
            r.readFlag(); // delta_pic_order_always_zero_flag
            r.readSe(); // offset_for_non_ref_pic
            r.readSe(); // offset_for_top_to_bottom_field
            int cycle = r.readUe();
            check(r, cycle <= 255, "num_ref_frames_in_pic_order_cnt_cycle", cycle);
            for (int i = 0; i < cycle; i++) {
                r.readSe(); // offset_for_ref_frame[i]
            }
        }
        r.readUe(); // max_num_ref_frames
        r.readFlag(); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = r.readUe() + 1;
        check(r, widthInMbs <= MAX_MACROBLOCKS_PER_SIDE, "pic_width_in_mbs_minus1", widthInMbs - 1);
        int heightInMapUnits = r.readUe() + 1;
        check(r, heightInMapUnits <= MAX_MACROBLOCKS_PER_SIDE, "pic_height_in_map_units_minus1",
                heightInMapUnits - 1);
        boolean frameMbsOnly = r.readFlag();
        if (!frameMbsOnly) {
            r.readFlag(); // mb_adaptive_frame_field_flag
        }
        r.readFlag(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.readFlag()) { // frame_cropping_flag
            cropLeft = r.readUe();
            cropRight = r.readUe();
            cropTop = r.readUe();
            cropBottom = r.readUe();
        }
        if (r.failed()) {
            throw new H264SyntaxException("SPS " + r.failure() + " before the end of the frame cropping fields");
        }
        // §7.4.2.1.1: frame size in luma samples, then cropping in units of CropUnitX/CropUnitY.
        int frameHeightFactor = frameMbsOnly ? 1 : 2;
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int cropUnitX = chromaArrayType == 0 ? 1 : (chromaArrayType == 3 ? 1 : 2);
        int subHeightC = chromaArrayType == 1 ? 2 : 1;
        int cropUnitY = chromaArrayType == 0 ? frameHeightFactor : subHeightC * frameHeightFactor;
        long width = 16L * widthInMbs - (long) cropUnitX * ((long) cropLeft + cropRight);
        long height = 16L * frameHeightFactor * heightInMapUnits - (long) cropUnitY * ((long) cropTop + cropBottom);
        if (width <= 0 || height <= 0) {
            throw new H264SyntaxException("SPS frame cropping leaves no picture: crop " + cropLeft + "," + cropRight
                    + "," + cropTop + "," + cropBottom + " of " + widthInMbs + "x" + heightInMapUnits + " macroblocks");
        }
        return new H264Sps(profileIdc, constraintFlags, levelIdc, id, chromaFormatIdc, bitDepthLuma, frameMbsOnly,
                (int) width, (int) height);
    }

    /** §7.3.2.1.1: the profiles whose SPS carries chroma_format_idc and the following fields. */
    private static boolean hasChromaFormatFields(int profileIdc) {
        switch (profileIdc) {
            case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128: case 138:
            case 139: case 134: case 135:
                return true;
            default:
                return false;
        }
    }

    /** §7.3.2.1.1.1 scaling_list(): only read to skip it. */
    private static void skipScalingList(H264BitReader r, int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && !r.failed(); j++) {
            if (nextScale != 0) {
                int delta = r.readSe();
                nextScale = (lastScale + delta + 256) & 0xFF;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    private static void check(H264BitReader r, boolean valid, String field, int value) throws H264SyntaxException {
        if (r.failed()) {
            throw new H264SyntaxException("SPS " + r.failure() + " at " + field);
        }
        if (!valid) {
            throw new H264SyntaxException("SPS " + field + " out of range: " + value);
        }
    }

    public int profileIdc() {
        return profileIdc;
    }

    /** The byte of constraint_set0..5_flag and reserved_zero_2bits. */
    public int constraintFlags() {
        return constraintFlags;
    }

    public int levelIdc() {
        return levelIdc;
    }

    /** seq_parameter_set_id. */
    public int id() {
        return id;
    }

    /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
    public int chromaFormatIdc() {
        return chromaFormatIdc;
    }

    public int bitDepthLuma() {
        return bitDepthLuma;
    }

    public boolean frameMbsOnly() {
        return frameMbsOnly;
    }

    /** Width in luma samples after cropping. */
    public int width() {
        return width;
    }

    /** Height in luma samples after cropping. */
    public int height() {
        return height;
    }

    /** The SDP profile-level-id (RFC 6184 §8.1): profile_idc, constraint byte, level_idc as 6 hex digits. */
    public String profileLevelId() {
        return profileLevelId;
    }

    @Override
    public String toString() {
        return "H264Sps[" + profileLevelId + " " + width + "x" + height + "]";
    }
}
