package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Turns the RTP packets of one H.264 track (RFC 6184, packetization modes 0 and 1) into access units.
 *
 * <p>Payload structures (RFC 6184 §5.2): single NAL unit packets (types 1-23), STAP-A (24, §5.7.1)
 * and FU-A (28, §5.8). STAP-B, MTAP16/24 and FU-B (interleaved mode) are counted as unsupported and
 * make their access unit incomplete; reserved types 0, 30, 31 are counted and ignored.
 *
 * <p>An access unit ends at the RTP marker bit or, for senders that omit it, when the timestamp
 * changes (the previous unit is emitted before the new packet is used). The NAL units of a unit are
 * written, length-prefixed (AVCC), into <em>one</em> reusable assembly buffer: FU-A fragments are
 * joined in place, STAP-A is split in place. Before every IDR unit that lacks an SPS or a PPS the
 * known ones ({@link #parameterSets()}) are put in front (after an access unit delimiter, if any),
 * into headroom reserved ahead of the unit, so nothing is moved.
 *
 * <p>Loss: the depacketizer follows {@link RtpPacket#sequenceNumber()} itself. A gap (or an SSRC
 * change) while a unit is open marks that unit broken; a unit that starts right after a gap (or with
 * the first packet) is broken if it starts with an FU-A continuation or its first slice does not start
 * at macroblock 0. Broken
 * units are dropped and counted ({@link #droppedIncomplete()}); the next unit starts clean. Packets up
 * to {@value #MAX_LATE} behind the expected sequence number are late or duplicate and are ignored
 * ({@link #latePackets()}); reordering is not repaired here. Protocol violations without loss (an
 * FU-A without start, a start while a fragment is open, a truncated STAP-A) count as
 * {@link #malformedPackets()} and break the unit. A unit of more than {@code maxAccessUnitBytes} (or
 * {@value #MAX_NAL_UNITS_PER_ACCESS_UNIT} NAL units) is dropped ({@link #droppedOversize()}); the
 * buffer never grows beyond that.
 *
 * <p>Ownership: the depacketizer owns its assembly buffer (pooled direct, from the given allocator,
 * allocated on the first packet, grown on demand, kept between units) and releases it in
 * {@link #close()}. With {@code reuseAssemblyBuffer} false ({@code rtcgate.tuning.reuse-nal-buffer=false}, the
 * benchmark's "before" of assembly reuse) a fresh buffer is allocated for every access unit and released when the unit
 * ends (emitted, dropped or discarded). It never retains or releases the packets' buffers. The listener sees the assembly
 * buffer during its callback only (see {@link AccessUnit}).
 *
 * <p>Threads: all methods except the counter getters are called on the stream's event loop. Counter
 * getters may be called from any thread (opaque reads, see {@link OpaqueCounters}). No allocation per
 * packet; only a changed in-band SPS/PPS is copied.
 */
public final class H264Depacketizer implements AutoCloseable {
    /** Upper bound for the maxAccessUnitBytes argument. */
    public static final int MAX_ACCESS_UNIT_LIMIT = 64 * 1024 * 1024;
    public static final int MAX_NAL_UNITS_PER_ACCESS_UNIT = 1024;
    /** Packets this far behind the expected sequence number are late duplicates, not a restart. */
    public static final int MAX_LATE = 100;

    private static final int LENGTH_PREFIX = 4;
    /** Room in front of the unit for a length-prefixed SPS and PPS. */
    private static final int HEADROOM = 2 * (LENGTH_PREFIX + H264ParameterSets.MAX_PARAMETER_SET_BYTES);
    /** NAL slots in front of the unit's first slot, for the injected SPS and PPS. */
    private static final int INJECTED_SLOTS = 2;
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** An access unit delimiter up to this size is moved in front of injected parameter sets. */
    private static final int MAX_MOVABLE_DELIMITER = 16;

    private static final int ACCESS_UNITS = 0;
    private static final int KEYFRAMES = 1;
    private static final int DROPPED_INCOMPLETE = 2;
    private static final int DROPPED_OVERSIZE = 3;
    private static final int MALFORMED_PACKETS = 4;
    private static final int UNSUPPORTED_PACKETS = 5;
    private static final int LATE_PACKETS = 6;
    private static final int B_FRAMES = 7;
    private static final int MULTI_SLICE = 8;
    private static final int PARAMETER_SETS_INJECTED = 9;
    private static final int MALFORMED_PARAMETER_SETS = 10;
    private static final int COUNTERS = 11;

    private final ByteBufAllocator alloc;
    private final int maxAccessUnitBytes;
    private final boolean reuseAssemblyBuffer;
    private final AccessUnitListener listener;
    private final H264ParameterSets parameterSets = new H264ParameterSets();
    private final H264BitReader sliceReader = new H264BitReader();
    private final OpaqueCounters counters = new OpaqueCounters(COUNTERS);
    private final int[] nalOffsets = new int[INJECTED_SLOTS + MAX_NAL_UNITS_PER_ACCESS_UNIT];
    private final int[] nalLengths = new int[INJECTED_SLOTS + MAX_NAL_UNITS_PER_ACCESS_UNIT];
    private final AccessUnit unit = new AccessUnit(nalOffsets, nalLengths);
    private final byte[] delimiterScratch = new byte[MAX_MOVABLE_DELIMITER];

    private ByteBuf assembly;
    private boolean closed;

    // sequence tracking
    private boolean haveSequence;
    private int expectedSequence;
    private long lastSsrc;

    // the open access unit
    private boolean unitOpen;
    private long unitTimestamp;
    private boolean unitBroken;
    private boolean unitOversize;
    private boolean unitAfterDiscontinuity;
    private int nalCount;
    private boolean hasIdr;
    private boolean hasSps;
    private boolean hasPps;
    private int sliceCount;
    private boolean hasBSlice;

    // the open FU-A fragment
    private boolean fragmentOpen;
    private int fragmentStart;
    private int fragmentType;

    /**
     * @param alloc              allocator for the assembly buffer (pooled direct recommended)
     * @param maxAccessUnitBytes largest access unit accepted, in bytes of length-prefixed NAL units
     *                           (injected parameter sets not counted), 1..{@value #MAX_ACCESS_UNIT_LIMIT}
     * @param listener           receives every complete access unit
     */
    public H264Depacketizer(ByteBufAllocator alloc, int maxAccessUnitBytes, AccessUnitListener listener) {
        this(alloc, maxAccessUnitBytes, listener, true);
    }

    /**
     * @param reuseAssemblyBuffer keep one assembly buffer for every access unit (true, the default); false allocates one
     *                            per access unit and releases it when the unit ends
     */
    public H264Depacketizer(ByteBufAllocator alloc, int maxAccessUnitBytes, AccessUnitListener listener,
            boolean reuseAssemblyBuffer) {
        this.reuseAssemblyBuffer = reuseAssemblyBuffer;
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxAccessUnitBytes < 1 || maxAccessUnitBytes > MAX_ACCESS_UNIT_LIMIT) {
            throw new IllegalArgumentException("maxAccessUnitBytes must be in 1.." + MAX_ACCESS_UNIT_LIMIT
                    + ", got " + maxAccessUnitBytes);
        }
        this.maxAccessUnitBytes = maxAccessUnitBytes;
    }

    /**
     * Sets the known SPS/PPS from the SDP fmtp {@code sprop-parameter-sets} value. Call it before the
     * first packet or on the event loop, like {@link #onPacket}.
     *
     * @throws IllegalArgumentException if the value is malformed (see {@link H264ParameterSets#setFromSprop})
     */
    public void setParameterSetsFromSprop(String spropParameterSets) {
        parameterSets.setFromSprop(spropParameterSets);
    }

    /** The stream's latest SPS/PPS (from sprop or in band). */
    public H264ParameterSets parameterSets() {
        return parameterSets;
    }

    /**
     * Consumes one RTP packet of the track, wrapped by {@code packet}. The packet's buffer is neither
     * retained nor released. Never throws for any packet content; ignored after {@link #close()}.
     * An exception thrown by the listener propagates after the depacketizer has reset itself.
     */
    public void onPacket(RtpPacket packet) {
        ByteBuf buf = packet.buffer();
        if (closed) {
            return;
        }
        if (buf == null) {
            counters.increment(MALFORMED_PACKETS);
            return;
        }
        int seq = packet.sequenceNumber();
        long ssrc = packet.ssrc();
        boolean discontinuity; // the first packet counts as one: the stream may have been joined mid-unit
        if (!haveSequence || ssrc != lastSsrc) {
            discontinuity = true;
        } else {
            int delta = (seq - expectedSequence) & 0xFFFF;
            if (delta > 0xFFFF - MAX_LATE) {
                counters.increment(LATE_PACKETS);
                return;
            }
            discontinuity = delta != 0;
        }
        haveSequence = true;
        lastSsrc = ssrc;
        expectedSequence = (seq + 1) & 0xFFFF;

        long timestamp = packet.timestamp();
        if (discontinuity && unitOpen) {
            unitBroken = true; // the lost packets may have belonged to the open unit
        }
        if (unitOpen && timestamp != unitTimestamp) {
            finishAccessUnit();
            if (closed) {
                return; // the listener closed us
            }
        }
        if (!unitOpen) {
            beginAccessUnit(timestamp, discontinuity);
        }
        processPayload(buf, packet.payloadOffset(), packet.payloadLength());
        if (packet.marker()) {
            finishAccessUnit();
        }
    }

    /** Ends the open access unit as if its marker bit had arrived (for example at end of stream). */
    public void flush() {
        if (!closed) {
            finishAccessUnit();
        }
    }

    private void beginAccessUnit(long timestamp, boolean afterDiscontinuity) {
        if (assembly == null) {
            int maxCapacity = HEADROOM + maxAccessUnitBytes;
            assembly = alloc.directBuffer(Math.min(INITIAL_CAPACITY, maxCapacity), maxCapacity);
        }
        assembly.setIndex(HEADROOM, HEADROOM);
        unitOpen = true;
        unitTimestamp = timestamp;
        unitBroken = false;
        unitOversize = false;
        unitAfterDiscontinuity = afterDiscontinuity;
        nalCount = 0;
        hasIdr = false;
        hasSps = false;
        hasPps = false;
        sliceCount = 0;
        hasBSlice = false;
        fragmentOpen = false;
    }

    private void processPayload(ByteBuf buf, int offset, int length) {
        if (length == 0) {
            return; // padding-only packet: no NAL unit
        }
        int type = H264NalUnitType.of(buf.getByte(offset));
        if (unitBroken || unitOversize) {
            trackParameterSetsOfDroppedUnit(buf, offset, length, type);
            return;
        }
        if (fragmentOpen && type != H264NalUnitType.FU_A) {
            malformed(); // a fragmented NAL unit interrupted without loss
            return;
        }
        if (type >= 1 && type <= H264NalUnitType.LAST_SINGLE_NAL_UNIT) {
            appendNalUnit(buf, offset, length);
        } else if (type == H264NalUnitType.STAP_A) {
            appendStapA(buf, offset, length);
        } else if (type == H264NalUnitType.FU_A) {
            appendFuA(buf, offset, length);
        } else if (type == H264NalUnitType.STAP_B || type == H264NalUnitType.MTAP16
                || type == H264NalUnitType.MTAP24 || type == H264NalUnitType.FU_B) {
            counters.increment(UNSUPPORTED_PACKETS); // interleaved mode: its content is lost to us
            unitBroken = true;
        } else {
            counters.increment(UNSUPPORTED_PACKETS); // 0, 30, 31: reserved, ignored (RFC 6184 §5.2)
        }
    }

    private void malformed() {
        counters.increment(MALFORMED_PACKETS);
        unitBroken = true;
    }

    private void appendNalUnit(ByteBuf buf, int offset, int length) {
        if (!reserve(LENGTH_PREFIX + length, true)) {
            return;
        }
        int start = assembly.writerIndex();
        assembly.writeInt(length);
        assembly.writeBytes(buf, offset, length);
        onNalUnitComplete(start + LENGTH_PREFIX, length);
    }

    /**
     * RFC 6184 §5.7.1: STAP-A header byte, then (16-bit size, NAL unit) repeated. Validated completely
     * before anything is written, so a bad packet leaves no partial output.
     */
    private void appendStapA(ByteBuf buf, int offset, int length) {
        int end = offset + length;
        int position = offset + 1;
        int units = 0;
        while (position < end) {
            if (end - position < 2) {
                malformed();
                return;
            }
            int size = buf.getUnsignedShort(position);
            position += 2;
            if (size == 0 || size > end - position) {
                malformed();
                return;
            }
            int type = H264NalUnitType.of(buf.getByte(position));
            if (type == 0 || type > H264NalUnitType.LAST_SINGLE_NAL_UNIT) {
                malformed();
                return;
            }
            units++;
            position += size;
        }
        if (units == 0) {
            malformed();
            return;
        }
        position = offset + 1;
        while (position < end && !unitOversize) {
            int size = buf.getUnsignedShort(position);
            appendNalUnit(buf, position + 2, size);
            position += 2 + size;
        }
    }

    /**
     * RFC 6184 §5.8: FU indicator (F, NRI, type 28), FU header (S, E, R, NAL unit type), fragment.
     * The NAL unit header is rebuilt from the indicator's F/NRI and the FU header's type.
     */
    private void appendFuA(ByteBuf buf, int offset, int length) {
        if (length < 2) {
            malformed();
            return;
        }
        int indicator = buf.getUnsignedByte(offset);
        int fuHeader = buf.getUnsignedByte(offset + 1);
        boolean start = (fuHeader & 0x80) != 0;
        boolean end = (fuHeader & 0x40) != 0;
        int type = fuHeader & 0x1F;
        int fragmentLength = length - 2;
        if (type == 0 || type > H264NalUnitType.LAST_SINGLE_NAL_UNIT || (start && end)) {
            malformed(); // §5.8: S and E MUST NOT both be set
            return;
        }
        if (start) {
            if (fragmentOpen) {
                malformed(); // the open fragment never ended
                return;
            }
            if (!reserve(LENGTH_PREFIX + 1 + fragmentLength, true)) {
                return;
            }
            fragmentStart = assembly.writerIndex();
            fragmentType = type;
            fragmentOpen = true;
            assembly.writeInt(0); // length, set at the end fragment
            assembly.writeByte((indicator & 0xE0) | type);
            assembly.writeBytes(buf, offset + 2, fragmentLength);
            return;
        }
        if (!fragmentOpen) {
            if (unitAfterDiscontinuity && nalCount == 0) {
                unitBroken = true; // the start was lost
            } else {
                malformed(); // continuation without a start and without loss
            }
            return;
        }
        if (type != fragmentType) {
            malformed();
            return;
        }
        if (!reserve(fragmentLength, false)) {
            return;
        }
        assembly.writeBytes(buf, offset + 2, fragmentLength);
        if (end) {
            fragmentOpen = false;
            int nalLength = assembly.writerIndex() - fragmentStart - LENGTH_PREFIX;
            assembly.setInt(fragmentStart, nalLength);
            onNalUnitComplete(fragmentStart + LENGTH_PREFIX, nalLength);
        }
    }

    /** Checks the limits for {@code bytes} more (and a new NAL unit if {@code newNalUnit}); grows the buffer. */
    private boolean reserve(int bytes, boolean newNalUnit) {
        int used = assembly.writerIndex() - HEADROOM;
        if ((newNalUnit && nalCount >= MAX_NAL_UNITS_PER_ACCESS_UNIT) || bytes > maxAccessUnitBytes - used) {
            unitOversize = true;
            fragmentOpen = false;
            counters.increment(DROPPED_OVERSIZE);
            return false;
        }
        assembly.ensureWritable(bytes);
        return true;
    }

    private void onNalUnitComplete(int offset, int length) {
        int slot = INJECTED_SLOTS + nalCount;
        nalOffsets[slot] = offset;
        nalLengths[slot] = length;
        nalCount++;
        int type = H264NalUnitType.of(assembly.getByte(offset));
        if (type == H264NalUnitType.IDR_SLICE) {
            hasIdr = true;
        }
        if (H264NalUnitType.hasSliceHeader(type)) {
            inspectSliceHeader(offset, length);
        } else if (type == H264NalUnitType.SPS) {
            hasSps = true;
            offerSps(assembly, offset, length);
        } else if (type == H264NalUnitType.PPS) {
            hasPps = true;
            offerPps(assembly, offset, length);
        }
    }

    /** H.264 §7.3.3: slice_header() starts with first_mb_in_slice ue(v), slice_type ue(v). */
    private void inspectSliceHeader(int offset, int length) {
        H264BitReader r = sliceReader.reset(assembly, offset + 1, length - 1);
        int firstMbInSlice = r.readUe();
        int sliceType = r.readUe();
        if (r.failed() || sliceType > 9) {
            return;
        }
        if (sliceCount == 0 && unitAfterDiscontinuity && firstMbInSlice != 0) {
            unitBroken = true; // the unit's first slice was lost with the gap
        }
        sliceCount++;
        if (sliceType % 5 == 1) {
            hasBSlice = true;
        }
    }

    private void offerSps(ByteBuf buf, int offset, int length) {
        if (parameterSets.offerSps(buf, offset, length) == H264ParameterSets.Update.REJECTED) {
            counters.increment(MALFORMED_PARAMETER_SETS);
        }
    }

    private void offerPps(ByteBuf buf, int offset, int length) {
        if (parameterSets.offerPps(buf, offset, length) == H264ParameterSets.Update.REJECTED) {
            counters.increment(MALFORMED_PARAMETER_SETS);
        }
    }

    /** Parameter sets stay useful even when the unit that carried them is dropped. */
    private void trackParameterSetsOfDroppedUnit(ByteBuf buf, int offset, int length, int type) {
        if (type == H264NalUnitType.SPS) {
            offerSps(buf, offset, length);
        } else if (type == H264NalUnitType.PPS) {
            offerPps(buf, offset, length);
        } else if (type == H264NalUnitType.STAP_A) {
            int end = offset + length;
            int position = offset + 1;
            while (end - position >= 2) {
                int size = buf.getUnsignedShort(position);
                position += 2;
                if (size == 0 || size > end - position) {
                    return;
                }
                int inner = H264NalUnitType.of(buf.getByte(position));
                if (inner == H264NalUnitType.SPS) {
                    offerSps(buf, position, size);
                } else if (inner == H264NalUnitType.PPS) {
                    offerPps(buf, position, size);
                }
                position += size;
            }
        }
    }

    private void finishAccessUnit() {
        if (!unitOpen) {
            return;
        }
        unitOpen = false;
        if (reuseAssemblyBuffer) {
            endAccessUnit();
            return;
        }
        try {
            endAccessUnit();
        } finally {
            releaseAssembly(); // a fresh buffer per access unit
        }
    }

    private void endAccessUnit() {
        if (unitOversize) {
            return; // counted when detected
        }
        if (unitBroken || fragmentOpen) {
            counters.increment(DROPPED_INCOMPLETE);
            return;
        }
        if (nalCount > 0) {
            emit();
        }
    }

    private void emit() {
        int first = INJECTED_SLOTS;
        int count = nalCount;
        int start = HEADROOM;
        boolean parameterSetsPresent = hasSps && hasPps;
        if (hasIdr && !parameterSetsPresent) {
            byte[] sps = parameterSets.spsArray();
            byte[] pps = parameterSets.ppsArray();
            if (sps != null && pps != null) {
                start = injectParameterSets(sps, pps);
                first -= INJECTED_SLOTS;
                count += INJECTED_SLOTS;
                parameterSetsPresent = true;
                counters.increment(PARAMETER_SETS_INJECTED);
            }
        }
        counters.increment(ACCESS_UNITS);
        if (hasIdr) {
            counters.increment(KEYFRAMES);
        }
        if (hasBSlice) {
            counters.increment(B_FRAMES);
        }
        if (sliceCount > 1) {
            counters.increment(MULTI_SLICE);
        }
        assembly.setIndex(start, assembly.writerIndex());
        unit.set(assembly, first, count, unitTimestamp, hasIdr, parameterSetsPresent, sliceCount, hasBSlice);
        try {
            listener.onAccessUnit(unit);
        } finally {
            unit.clear();
            if (assembly != null) {
                assembly.setIndex(HEADROOM, HEADROOM);
            }
        }
    }

    /**
     * Writes SPS and PPS into the headroom so that they end right before the unit's first NAL unit
     * (or right after its access unit delimiter, which must stay first, H.264 §7.4.1.2.3). Fills the
     * two reserved NAL slots. Returns the new start of the unit.
     */
    private int injectParameterSets(byte[] sps, byte[] pps) {
        int firstSlot = INJECTED_SLOTS;
        int block = 2 * LENGTH_PREFIX + sps.length + pps.length;
        int delimiterLength = nalLengths[firstSlot];
        boolean moveDelimiter = H264NalUnitType.of(assembly.getByte(nalOffsets[firstSlot]))
                == H264NalUnitType.ACCESS_UNIT_DELIMITER && delimiterLength <= MAX_MOVABLE_DELIMITER;
        int start = HEADROOM - block;
        int position = start;
        int slot = firstSlot - INJECTED_SLOTS;
        if (moveDelimiter) {
            assembly.getBytes(nalOffsets[firstSlot], delimiterScratch, 0, delimiterLength);
            position = writeNalAt(position, slot++, delimiterScratch, delimiterLength);
        }
        position = writeNalAt(position, slot++, sps, sps.length);
        writeNalAt(position, slot, pps, pps.length);
        return start;
    }

    private int writeNalAt(int position, int slot, byte[] nal, int length) {
        assembly.setInt(position, length);
        assembly.setBytes(position + LENGTH_PREFIX, nal, 0, length);
        nalOffsets[slot] = position + LENGTH_PREFIX;
        nalLengths[slot] = length;
        return position + LENGTH_PREFIX + length;
    }

    /** Releases the assembly buffer; an open access unit is discarded. Idempotent. */
    @Override
    public void close() {
        closed = true;
        unitOpen = false;
        releaseAssembly();
    }

    private void releaseAssembly() {
        if (assembly != null) {
            ByteBuf b = assembly;
            assembly = null;
            b.release();
        }
    }

    /** Access units handed to the listener. */
    public long accessUnits() {
        return counters.get(ACCESS_UNITS);
    }

    /** Access units with an IDR slice handed to the listener. */
    public long keyframes() {
        return counters.get(KEYFRAMES);
    }

    /** Access units dropped because packets were lost or malformed. */
    public long droppedIncomplete() {
        return counters.get(DROPPED_INCOMPLETE);
    }

    /** Access units dropped because they exceeded the size or NAL count limit. */
    public long droppedOversize() {
        return counters.get(DROPPED_OVERSIZE);
    }

    /** Packets that violate RFC 6184 without loss explaining it (each also breaks its unit). */
    public long malformedPackets() {
        return counters.get(MALFORMED_PACKETS);
    }

    /** STAP-B/MTAP/FU-B packets (interleaved mode) and reserved types 0, 30, 31. */
    public long unsupportedPackets() {
        return counters.get(UNSUPPORTED_PACKETS);
    }

    /** Packets up to {@value #MAX_LATE} behind the expected sequence number, ignored. */
    public long latePackets() {
        return counters.get(LATE_PACKETS);
    }

    /** Emitted access units that contain at least one B slice. */
    public long bFramesSeen() {
        return counters.get(B_FRAMES);
    }

    public boolean hasBFrames() {
        return bFramesSeen() > 0;
    }

    /** Emitted access units with more than one slice. */
    public long multiSliceAccessUnits() {
        return counters.get(MULTI_SLICE);
    }

    /** IDR access units that got the known SPS/PPS put in front. */
    public long parameterSetsInjected() {
        return counters.get(PARAMETER_SETS_INJECTED);
    }

    /** In-band SPS/PPS that did not parse or exceeded {@link H264ParameterSets#MAX_PARAMETER_SET_BYTES}. */
    public long malformedParameterSets() {
        return counters.get(MALFORMED_PARAMETER_SETS);
    }
}
