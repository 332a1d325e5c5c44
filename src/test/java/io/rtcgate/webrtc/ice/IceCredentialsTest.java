package io.rtcgate.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IceCredentialsTest {

    @Test
    void randomCredentialsAreLongEnoughIceCharsAndDistinct() {
        Set<String> seen = new HashSet<>();
        Set<Character> alphabet = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            IceCredentials c = IceCredentials.random();
            assertEquals(8, c.ufrag().length());
            assertEquals(24, c.pwd().length());
            assertTrue(IceCredentials.isIceChars(c.ufrag() + c.pwd()));
            assertTrue(seen.add(c.ufrag()), "ufrag repeated");
            assertTrue(seen.add(c.pwd()), "pwd repeated");
            for (char ch : c.pwd().toCharArray()) {
                alphabet.add(ch);
            }
        }
        assertEquals(64, alphabet.size(), "all 64 ice-chars are drawn");
    }

    @Test
    void rejectsShortOrNonIceCharValues() {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", "0123456789012345678901"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "012345678901234567890"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab:d", "0123456789012345678901"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "01234567890123456789 1"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("a".repeat(257), "0123456789012345678901"));
        assertThrows(NullPointerException.class, () -> new IceCredentials(null, "0123456789012345678901"));
        new IceCredentials("ab+/", "AZaz09+/AZaz09+/AZaz09");
        assertFalse(IceCredentials.isIceChars("é"));
    }

    @Test
    void toStringHidesThePassword() {
        IceCredentials c = new IceCredentials("abcd", "secretsecretsecretsecret");
        assertFalse(c.toString().contains("secret"));
    }
}
