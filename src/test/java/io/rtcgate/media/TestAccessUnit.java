package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * An {@link AccessUnit} over given NAL units, laid out like the depacketizer does (AVCC, 4-byte lengths), for tests
 * outside the depacketizer. Owns its buffer: close it.
 */
public final class TestAccessUnit implements AutoCloseable {
    private final ByteBuf data;
    private final AccessUnit unit;

    private TestAccessUnit(List<byte[]> nals, long rtpTimestamp) {
        int[] offsets = new int[nals.size()];
        int[] lengths = new int[nals.size()];
        int size = nals.stream().mapToInt(n -> 4 + n.length).sum();
        data = Unpooled.directBuffer(size);
        boolean idr = false;
        boolean sps = false;
        boolean pps = false;
        int slices = 0;
        for (int i = 0; i < nals.size(); i++) {
            byte[] nal = nals.get(i);
            data.writeInt(nal.length);
            offsets[i] = data.writerIndex();
            lengths[i] = nal.length;
            data.writeBytes(nal);
            int type = nal.length == 0 ? 0 : H264NalUnitType.of(nal[0]);
            idr |= type == H264NalUnitType.IDR_SLICE;
            sps |= type == H264NalUnitType.SPS;
            pps |= type == H264NalUnitType.PPS;
            slices += H264NalUnitType.hasSliceHeader(type) ? 1 : 0;
        }
        unit = new AccessUnit(offsets, lengths);
        unit.set(data, 0, nals.size(), rtpTimestamp, idr, sps && pps, slices, false);
    }

    public static TestAccessUnit of(List<byte[]> nals, long rtpTimestamp) {
        return new TestAccessUnit(nals, rtpTimestamp);
    }

    public static TestAccessUnit of(long rtpTimestamp, byte[]... nals) {
        return new TestAccessUnit(List.of(nals), rtpTimestamp);
    }

    public AccessUnit unit() {
        return unit;
    }

    @Override
    public void close() {
        if (data.refCnt() > 0) {
            data.release();
        }
    }
}
