package io.rtcgate.webrtc.sdp;

import java.net.InetAddress;
import java.util.Objects;

/** One of the gateway's own UDP host candidates: the address and port its ICE-lite socket is bound to. */
public record HostCandidate(InetAddress address, int port) {

    public HostCandidate {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new IllegalArgumentException("a host candidate needs a unicast address, not " + address);
        }
    }

    /** The address as written in {@code a=candidate}: dotted quad or IPv6 text without a zone (scope) id. */
    public String addressText() {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }
}
