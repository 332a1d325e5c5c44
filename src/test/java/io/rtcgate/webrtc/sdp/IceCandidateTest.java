package io.rtcgate.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IceCandidateTest {

    @Test
    void rfc8839HostAndServerReflexiveExamples() throws Exception {
        // RFC 8839 §5.1 / RFC 8445 Appendix B examples
        IceCandidate host = IceCandidate.parse("1 1 UDP 2130706431 203.0.113.141 8998 typ host");
        assertEquals("1", host.foundation());
        assertEquals("udp", host.transport());
        assertEquals(2130706431L, host.priority());
        assertEquals(InetAddress.getByName("203.0.113.141"), host.ip());
        assertEquals(8998, host.port());
        assertEquals("host", host.type());

        IceCandidate srflx = IceCandidate.parse(
                "2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998");
        assertEquals("srflx", srflx.type());
        assertEquals(45664, srflx.port());
    }

    @Test
    void chromiumIpv6AndExtensions() throws Exception {
        IceCandidate v6 = IceCandidate.parse("1332804588 1 udp 2113942271 fd00::2 46214 typ host generation 0 "
                + "network-cost 999");
        assertEquals(InetAddress.getByName("fd00::2"), v6.ip());
        assertFalse(v6.isHostName());
    }

    @Test
    void mdnsNamesAreKeptAsTextAndNeverResolved() throws Exception {
        IceCandidate mdns = IceCandidate.parse("0 1 UDP 2122252543 2c1e7a5d-53a4-4f4e-9b0c-55d2e1e3f0a1.local 50602 "
                + "typ host");
        assertTrue(mdns.isHostName());
        assertTrue(mdns.isMulticastDns());
        assertNull(mdns.ip());
        IceCandidate fqdn = IceCandidate.parse("0 1 UDP 2122252543 turn.example.org 3478 typ relay raddr 0.0.0.0 "
                + "rport 0");
        assertTrue(fqdn.isHostName());
        assertFalse(fqdn.isMulticastDns());
    }

    @Test
    void rejectsGrammarViolations() {
        String[] bad = {
            "",
            "1 1 UDP 2130706431 203.0.113.141 8998 host",                 // no typ
            "1 1 UDP 2130706431 203.0.113.141 8998 typ",                  // no type
            "1 0 UDP 2130706431 203.0.113.141 8998 typ host",             // component 0
            "1 257 UDP 2130706431 203.0.113.141 8998 typ host",           // component > 256
            "1 1 UDP 0 203.0.113.141 8998 typ host",                      // priority 0
            "1 1 UDP 2147483648 203.0.113.141 8998 typ host",             // priority > 2^31-1
            "1 1 UDP 2130706431 203.0.113.141 65536 typ host",            // port
            "1 1 UDP 2130706431 203.0.113.141 -1 typ host",
            "1 1 UDP 2130706431 203.0.113.256 8998 typ host",             // bad dotted quad
            "1 1 UDP 2130706431 1.2.3 8998 typ host",
            "1 1 UDP 2130706431 fd00::zz 8998 typ host",                   // bad IPv6
            "1 1 UDP 2130706431 fe80::1%eth0 8998 typ host",               // zone id
            "1 1 UDP 2130706431 a..b 8998 typ host",
            "1 1 UDP 2130706431 ex_ample.org 8998 typ host",
            "f\u00f6 1 UDP 2130706431 203.0.113.141 8998 typ host",          // foundation not ice-char
            "123456789012345678901234567890123 1 UDP 1 203.0.113.141 1 typ host", // foundation > 32
            "1 1 UDP 2130706431 203.0.113.141 8998 typ host raddr",      // extension without value
            "1  1 UDP 2130706431 203.0.113.141 8998 typ host",            // double space
        };
        for (String value : bad) {
            assertThrows(WhepOfferException.class, () -> IceCandidate.parse(value), value);
        }
    }
}
