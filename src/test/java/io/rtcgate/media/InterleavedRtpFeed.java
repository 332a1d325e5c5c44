package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An endless camera feed for allocation and throughput probes: the real x264 access units of an {@link H264Corpus}
 * file, packetized into RTP by {@link H264Packetizer} as a camera would (RFC 6184), each packet framed as RTSP
 * interleaved binary data ({@code '$' channel length}, RFC 2326 §10.12). The corpus is looped ("laps") with running
 * sequence numbers (mod 2^16) and RTP timestamps (+3000 per frame, 30 fps at 90 kHz), so a receiver sees one
 * continuous stream without loss.
 *
 * <p>Building the feed allocates; reading it ({@link #writeBytes}, {@link #writeNextPacket}, {@link #writeNextFrame})
 * does not: the next lap is made by rewriting the sequence numbers and timestamps of one template in place. Use one
 * instance either as a byte stream ({@link #writeBytes}) or as a packet or frame stream, not both.
 */
public final class InterleavedRtpFeed {
    private static final int FRAME_HEADER = 4;
    private static final int TIMESTAMP_STEP = 3000;

    private final byte[] lap;
    /** Offset in {@link #lap} of each RTP packet (after its 4-byte frame header). */
    private final int[] packetOffsets;
    private final int[] packetLengths;
    /** Frame (access unit) index within the lap of each packet. */
    private final int[] packetFrames;
    private final int framesPerLap;
    private final int firstSequence;
    private final long firstTimestamp;

    private long lapNumber;
    private int position;
    private int packetIndex;

    private InterleavedRtpFeed(byte[] lap, int[] packetOffsets, int[] packetLengths, int[] packetFrames,
            int framesPerLap, int firstSequence, long firstTimestamp) {
        this.lap = lap;
        this.packetOffsets = packetOffsets;
        this.packetLengths = packetLengths;
        this.packetFrames = packetFrames;
        this.framesPerLap = framesPerLap;
        this.firstSequence = firstSequence;
        this.firstTimestamp = firstTimestamp;
    }

    /**
     * @param corpus       an {@link H264Corpus} file name
     * @param channel      interleaved channel of the RTP packets
     * @param payloadType  RTP payload type
     * @param maxPayload   largest RTP payload (a camera's MTU budget, e.g. 1400)
     */
    public static InterleavedRtpFeed of(String corpus, int channel, int payloadType, long ssrc, int maxPayload,
            int firstSequence, long firstTimestamp) {
        H264Packetizer camera = new H264Packetizer(UnpooledByteBufAllocator.DEFAULT, maxPayload, payloadType, ssrc,
                firstSequence);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> packets = new ArrayList<>(); // offset, length, frame
        List<List<byte[]>> units = H264Corpus.accessUnits(corpus);
        for (int frame = 0; frame < units.size(); frame++) {
            int frameIndex = frame;
            long timestamp = firstTimestamp + (long) frame * TIMESTAMP_STEP;
            try (TestAccessUnit au = TestAccessUnit.of(units.get(frame), timestamp)) {
                camera.packetize(au.unit(), timestamp, (packet, keyframeStart, last) -> {
                    try {
                        int length = packet.readableBytes();
                        out.write('$');
                        out.write(channel);
                        out.write(length >> 8);
                        out.write(length);
                        packets.add(new int[] {out.size(), length, frameIndex});
                        byte[] bytes = new byte[length];
                        packet.getBytes(packet.readerIndex(), bytes);
                        out.writeBytes(bytes);
                    } finally {
                        packet.release();
                    }
                });
            }
        }
        int[] offsets = packets.stream().mapToInt(p -> p[0]).toArray();
        int[] lengths = packets.stream().mapToInt(p -> p[1]).toArray();
        int[] frames = packets.stream().mapToInt(p -> p[2]).toArray();
        return new InterleavedRtpFeed(out.toByteArray(), offsets, lengths, frames, units.size(), firstSequence,
                firstTimestamp);
    }

    public int packetsPerLap() {
        return packetOffsets.length;
    }

    public int framesPerLap() {
        return framesPerLap;
    }

    /** Bytes of one lap, frame headers included. */
    public int bytesPerLap() {
        return lap.length;
    }

    /** Appends the next {@code n} bytes of the endless interleaved byte stream to {@code dst}. */
    public void writeBytes(ByteBuf dst, int n) {
        while (n > 0) {
            if (position == lap.length) {
                nextLap();
                position = 0;
            }
            int chunk = Math.min(n, lap.length - position);
            dst.writeBytes(lap, position, chunk);
            position += chunk;
            n -= chunk;
        }
    }

    /** Replaces the content of {@code dst} with the next RTP packet (without its frame header). */
    public void writeNextPacket(ByteBuf dst) {
        if (packetIndex == packetOffsets.length) {
            nextLap();
            packetIndex = 0;
        }
        dst.clear();
        dst.writeBytes(lap, packetOffsets[packetIndex], packetLengths[packetIndex]);
        packetIndex++;
    }

    /** Length of the frame {@link #writeNextFrame} writes next: 4-byte frame header plus RTP packet. */
    public int nextFrameLength() {
        return FRAME_HEADER + packetLengths[packetIndex == packetOffsets.length ? 0 : packetIndex];
    }

    /** Appends the next interleaved frame ({@code '$'}, channel, length, RTP packet) to {@code dst}. */
    public void writeNextFrame(ByteBuf dst) {
        if (packetIndex == packetOffsets.length) {
            nextLap();
            packetIndex = 0;
        }
        dst.writeBytes(lap, packetOffsets[packetIndex] - FRAME_HEADER, FRAME_HEADER + packetLengths[packetIndex]);
        packetIndex++;
    }

    /** Rewrites sequence numbers and timestamps of the template for the next lap. */
    private void nextLap() {
        lapNumber++;
        long sequenceBase = firstSequence + lapNumber * packetOffsets.length;
        long timestampBase = firstTimestamp + lapNumber * framesPerLap * TIMESTAMP_STEP;
        for (int i = 0; i < packetOffsets.length; i++) {
            int at = packetOffsets[i];
            int sequence = (int) ((sequenceBase + i) & 0xFFFF);
            long timestamp = (timestampBase + (long) packetFrames[i] * TIMESTAMP_STEP) & 0xFFFF_FFFFL;
            lap[at + 2] = (byte) (sequence >> 8);
            lap[at + 3] = (byte) sequence;
            lap[at + 4] = (byte) (timestamp >> 24);
            lap[at + 5] = (byte) (timestamp >> 16);
            lap[at + 6] = (byte) (timestamp >> 8);
            lap[at + 7] = (byte) timestamp;
        }
    }
}
