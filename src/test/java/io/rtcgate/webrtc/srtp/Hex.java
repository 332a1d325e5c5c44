package io.rtcgate.webrtc.srtp;

import java.util.HexFormat;

/** Hex strings as RFCs print them: white space ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String string(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
