package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import java.util.Base64;

/**
 * The latest H.264 SPS and PPS of one stream, from the SDP ({@code sprop-parameter-sets}, RFC 6184
 * §8.1) or seen in band. The depacketizer injects them before IDR access units that lack them.
 *
 * <p>Threads: updated only by the stream's event loop. The fields are volatile so that other threads
 * (SDP answer, stats) see a recent value; they change rarely, so the volatile store costs nothing on
 * the hot path. An in-band parameter set equal to the known one is compared byte by byte and causes
 * no allocation; only a changed one is copied.
 */
public final class H264ParameterSets {
    /** Larger parameter sets are rejected; this also bounds the headroom reserved for injection. */
    public static final int MAX_PARAMETER_SET_BYTES = 512;
    /** Upper bound on the length of an sprop-parameter-sets value. */
    public static final int MAX_SPROP_LENGTH = 4096;

    /** Result of offering an in-band parameter set. */
    enum Update { UNCHANGED, UPDATED, REJECTED }

    private final H264BitReader reader = new H264BitReader();
    private volatile byte[] sps;
    private volatile byte[] pps;
    private volatile H264Sps parsedSps;

    /**
     * Replaces the known parameter sets with the ones in an SDP {@code sprop-parameter-sets} value:
     * comma separated base64 NAL units (RFC 6184 §8.1). NAL units other than SPS and PPS are ignored.
     * All-or-nothing: on error nothing changes.
     *
     * @throws IllegalArgumentException with a message naming the bad element, if an element is not
     *         base64, is empty or too large, or an SPS does not parse, or there is no SPS and no PPS
     */
    public void setFromSprop(String spropParameterSets) {
        if (spropParameterSets == null) {
            throw new IllegalArgumentException("sprop-parameter-sets is missing");
        }
        if (spropParameterSets.length() > MAX_SPROP_LENGTH) {
            throw new IllegalArgumentException("sprop-parameter-sets longer than " + MAX_SPROP_LENGTH + " characters");
        }
        String[] elements = spropParameterSets.split(",", -1);
        byte[] newSps = null;
        byte[] newPps = null;
        H264Sps newParsedSps = null;
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].trim();
            byte[] nal;
            try {
                nal = Base64.getDecoder().decode(element);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sprop-parameter-sets element " + (i + 1) + " is not base64 ("
                        + e.getMessage() + "): \"" + abbreviate(element) + "\"");
            }
            if (nal.length == 0) {
                throw new IllegalArgumentException("sprop-parameter-sets element " + (i + 1) + " is empty");
            }
            if (nal.length > MAX_PARAMETER_SET_BYTES) {
                throw new IllegalArgumentException("sprop-parameter-sets element " + (i + 1) + " has " + nal.length
                        + " bytes, more than " + MAX_PARAMETER_SET_BYTES);
            }
            int type = H264NalUnitType.of(nal[0]);
            if (type == H264NalUnitType.SPS) {
                try {
                    newParsedSps = H264Sps.parse(nal);
                } catch (H264SyntaxException e) {
                    throw new IllegalArgumentException("sprop-parameter-sets element " + (i + 1) + ": " + e.getMessage());
                }
                newSps = nal;
            } else if (type == H264NalUnitType.PPS) {
                if (nal.length < 2) {
                    throw new IllegalArgumentException("sprop-parameter-sets element " + (i + 1) + ": PPS too short");
                }
                newPps = nal;
            }
        }
        if (newSps == null && newPps == null) {
            throw new IllegalArgumentException("sprop-parameter-sets contains neither SPS nor PPS");
        }
        if (newSps != null) {
            parsedSps = newParsedSps;
            sps = newSps;
        }
        if (newPps != null) {
            pps = newPps;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Offers an in-band SPS (header byte included). Owner thread only. */
    Update offerSps(ByteBuf buf, int offset, int length) {
        if (length > MAX_PARAMETER_SET_BYTES) {
            return Update.REJECTED;
        }
        if (sameBytes(sps, buf, offset, length)) {
            return Update.UNCHANGED;
        }
        H264Sps parsed;
        try {
            parsed = H264Sps.parse(buf, offset, length, reader);
        } catch (H264SyntaxException e) {
            return Update.REJECTED;
        }
        byte[] copy = new byte[length];
        buf.getBytes(offset, copy);
        parsedSps = parsed;
        sps = copy;
        return Update.UPDATED;
    }

    /** Offers an in-band PPS (header byte included). Owner thread only. */
    Update offerPps(ByteBuf buf, int offset, int length) {
        if (length < 2 || length > MAX_PARAMETER_SET_BYTES) {
            return Update.REJECTED;
        }
        if (sameBytes(pps, buf, offset, length)) {
            return Update.UNCHANGED;
        }
        byte[] copy = new byte[length];
        buf.getBytes(offset, copy);
        pps = copy;
        return Update.UPDATED;
    }

    private static boolean sameBytes(byte[] known, ByteBuf buf, int offset, int length) {
        if (known == null || known.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known[i] != buf.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** Both an SPS and a PPS are known. */
    public boolean complete() {
        return sps != null && pps != null;
    }

    /** The parsed latest SPS, or {@code null}. */
    public H264Sps sps() {
        return parsedSps;
    }

    /** "42e01f"-style profile-level-id of the latest SPS, or {@code null}. */
    public String profileLevelId() {
        H264Sps s = parsedSps;
        return s == null ? null : s.profileLevelId();
    }

    /** A copy of the latest SPS NAL unit, or {@code null}. */
    public byte[] spsBytes() {
        byte[] s = sps;
        return s == null ? null : s.clone();
    }

    /** A copy of the latest PPS NAL unit, or {@code null}. */
    public byte[] ppsBytes() {
        byte[] p = pps;
        return p == null ? null : p.clone();
    }

    /** The latest SPS and PPS as an sprop-parameter-sets value, or {@code null} unless both are known. */
    public String toSprop() {
        byte[] s = sps;
        byte[] p = pps;
        if (s == null || p == null) {
            return null;
        }
        return Base64.getEncoder().encodeToString(s) + "," + Base64.getEncoder().encodeToString(p);
    }

    /** The live array, not to be modified; for injection without copying. */
    byte[] spsArray() {
        return sps;
    }

    /** The live array, not to be modified; for injection without copying. */
    byte[] ppsArray() {
        return pps;
    }
}
