package io.rtcgate.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Real libx264 streams from {@code src/test/resources/io/rtcgate/media/x264} (see the README there), split into access
 * units of NAL units (start codes removed).
 */
public final class H264Corpus {
    public static final String BASELINE = "baseline_640x360.264";
    public static final String TINY = "tiny_96x64.264";
    public static final String HIGH_SLICES = "high_slices_640x360.264";

    private H264Corpus() {
    }

    /** The access units of one corpus file, each a list of NAL units. */
    public static List<List<byte[]>> accessUnits(String name) {
        List<List<byte[]>> units = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean currentHasSlice = false;
        for (byte[] nal : nalUnits(read(name))) {
            int type = nal[0] & 0x1F;
            boolean slice = H264NalUnitType.hasSliceHeader(type);
            // H.264 §7.4.1.2.3: SEI/SPS/PPS/AUD after a slice, or a slice starting at macroblock 0
            // (ue(v) 0 is the single bit 1), begin the next access unit.
            boolean startsUnit = currentHasSlice && (slice ? (nal[1] & 0x80) != 0 : type >= 6 && type <= 9);
            if (startsUnit) {
                units.add(current);
                current = new ArrayList<>();
                currentHasSlice = false;
            }
            current.add(nal);
            currentHasSlice |= slice;
        }
        if (!current.isEmpty()) {
            units.add(current);
        }
        return units;
    }

    /** Annex B byte stream to NAL units: split at 00 00 01, dropping the leading zero of 4-byte start codes. */
    static List<byte[]> nalUnits(byte[] stream) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(copy(stream, start, trimTrailingZeros(stream, start, i)));
                }
                start = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            nals.add(copy(stream, start, stream.length));
        }
        return nals;
    }

    private static int trimTrailingZeros(byte[] stream, int start, int end) {
        while (end > start && stream[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static byte[] copy(byte[] stream, int from, int to) {
        byte[] nal = new byte[to - from];
        System.arraycopy(stream, from, nal, 0, nal.length);
        return nal;
    }

    private static byte[] read(String name) {
        try (InputStream in = H264Corpus.class.getResourceAsStream("x264/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
