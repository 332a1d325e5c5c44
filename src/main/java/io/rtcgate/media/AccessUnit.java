package io.rtcgate.media;

import io.netty.buffer.ByteBuf;

/**
 * One H.264 access unit (all NAL units of one picture, one RTP timestamp) as handed to an
 * {@link AccessUnitListener}.
 *
 * <p>{@link #data()}'s readable bytes hold the NAL units in AVCC form, each preceded by its length as a
 * 4-byte big-endian integer. {@link #nalOffset(int)} and {@link #nalLength(int)} give each NAL unit
 * (header byte first, without the length prefix) as absolute indexes into data(), so they can be
 * walked without allocation.
 *
 * <p>A view that the depacketizer reuses: valid only during {@link AccessUnitListener#onAccessUnit}.
 * data() is the depacketizer's assembly buffer: do not release it; to keep the bytes, take
 * {@code data().retainedSlice()} or copy them.
 */
public final class AccessUnit {
    private final int[] offsets;
    private final int[] lengths;
    private ByteBuf data;
    private int first;
    private int count;
    private long rtpTimestamp;
    private boolean keyframe;
    private boolean parameterSets;
    private int sliceCount;
    private boolean bSlices;

    AccessUnit(int[] offsets, int[] lengths) {
        this.offsets = offsets;
        this.lengths = lengths;
    }

    void set(ByteBuf data, int first, int count, long rtpTimestamp, boolean keyframe, boolean parameterSets,
            int sliceCount, boolean bSlices) {
        this.data = data;
        this.first = first;
        this.count = count;
        this.rtpTimestamp = rtpTimestamp;
        this.keyframe = keyframe;
        this.parameterSets = parameterSets;
        this.sliceCount = sliceCount;
        this.bSlices = bSlices;
    }

    void clear() {
        data = null;
        count = 0;
    }

    /** Length-prefixed NAL units; see the class comment for ownership. */
    public ByteBuf data() {
        return data;
    }

    public int nalCount() {
        return count;
    }

    /** Absolute index in {@link #data()} of the header byte of NAL unit {@code i}. */
    public int nalOffset(int i) {
        return offsets[first + checkIndex(i)];
    }

    /** Length of NAL unit {@code i}, header byte included, length prefix excluded. */
    public int nalLength(int i) {
        return lengths[first + checkIndex(i)];
    }

    /** nal_unit_type of NAL unit {@code i}. */
    public int nalType(int i) {
        return H264NalUnitType.of(data.getByte(nalOffset(i)));
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("NAL unit " + i + " of " + count);
        }
        return i;
    }

    public long rtpTimestamp() {
        return rtpTimestamp;
    }

    /** Contains an IDR slice (NAL unit type 5). */
    public boolean keyframe() {
        return keyframe;
    }

    /** Contains both an SPS and a PPS (in band or injected). */
    public boolean hasParameterSets() {
        return parameterSets;
    }

    /** Number of slice NAL units whose header could be read. */
    public int sliceCount() {
        return sliceCount;
    }

    /** Contains at least one B slice (slice_type % 5 == 1). */
    public boolean hasBSlices() {
        return bSlices;
    }
}
