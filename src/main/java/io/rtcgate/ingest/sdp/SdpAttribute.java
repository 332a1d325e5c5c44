package io.rtcgate.ingest.sdp;

import java.util.Objects;

/**
 * One {@code a=} line (RFC 8866 §5.13): {@code a=<name>} (a flag, value is the empty string) or
 * {@code a=<name>:<value>}.
 */
public record SdpAttribute(String name, String value) {

    public SdpAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
