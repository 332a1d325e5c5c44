package io.rtcgate.media;

/**
 * H.264 NAL unit types (ITU-T H.264 Table 7-1) and the RTP payload structure types that share the
 * same 5-bit field (RFC 6184 §5.2, Table 1).
 */
public final class H264NalUnitType {
    /** Reserved in H.264 and in RFC 6184; ignored. */
    public static final int UNSPECIFIED = 0;
    public static final int NON_IDR_SLICE = 1;
    public static final int DATA_PARTITION_A = 2;
    public static final int IDR_SLICE = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int ACCESS_UNIT_DELIMITER = 9;
    /** Highest type that is a plain NAL unit; 24..31 are RTP payload structures. */
    public static final int LAST_SINGLE_NAL_UNIT = 23;
    public static final int STAP_A = 24;
    public static final int STAP_B = 25;
    public static final int MTAP16 = 26;
    public static final int MTAP24 = 27;
    public static final int FU_A = 28;
    public static final int FU_B = 29;
    public static final int RESERVED_30 = 30;
    public static final int RESERVED_31 = 31;

    private H264NalUnitType() {
    }

    /** The nal_unit_type field of a NAL unit header byte. */
    public static int of(int nalHeaderByte) {
        return nalHeaderByte & 0x1F;
    }

    /** Whether the type carries a slice header (coded slice, data partition A, IDR slice). */
    public static boolean hasSliceHeader(int type) {
        return type == NON_IDR_SLICE || type == DATA_PARTITION_A || type == IDR_SLICE;
    }
}
