package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AesGcmGhashCipher} (AES-ECB + the JDK's GHASH) against the RFC 7714 §16-17 vectors and, byte for byte,
 * against the JCA reference {@link AesGcmCipher} on random keys, headers (CSRCs, extensions) and payload sizes,
 * including sizes that are not whole blocks and tampered packets. Surefire opens {@code com.sun.crypto.provider} as
 * the production flags do, so the engine must be reachable here.
 */
class AesGcmGhashCipherTest {
    private static final int SLACK = 64;

    @Test
    void theJdkGhashIsReachableAndSelected() {
        assertNull(JdkGhash.unavailableReason());
        assertEquals(AesGcmImplementation.ECB_GHASH, AesGcmImplementation.selected());
        assertTrue(SrtpCipher.create(AesGcmCipherRfc7714Test.keys(SrtpProfile.AEAD_AES_128_GCM))
                instanceof AesGcmGhashCipher);
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rfc7714RtpVectors(SrtpProfile profile) {
        AesGcmGhashCipher cipher = new AesGcmGhashCipher(AesGcmCipherRfc7714Test.keys(profile));
        byte[] rtp = AesGcmCipherRfc7714Test.RTP;
        byte[] expected = AesGcmCipherRfc7714Test.srtp(profile);
        byte[] packet = Arrays.copyOf(rtp, rtp.length + SLACK);
        assertEquals(expected.length, cipher.protectRtp(packet, 12, rtp.length - 12, 0));
        assertArrayEquals(expected, Arrays.copyOf(packet, expected.length));
        assertEquals(rtp.length, cipher.unprotectRtp(packet, 12, expected.length, 0));
        assertArrayEquals(rtp, Arrays.copyOf(packet, rtp.length));
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rfc7714RtcpVectors(SrtpProfile profile) {
        AesGcmGhashCipher cipher = new AesGcmGhashCipher(AesGcmCipherRfc7714Test.keys(profile));
        byte[] rtcp = AesGcmCipherRfc7714Test.RTCP;
        byte[] expected = AesGcmCipherRfc7714Test.srtcp(profile);
        byte[] packet = Arrays.copyOf(rtcp, rtcp.length + SLACK);
        assertEquals(expected.length, cipher.protectRtcp(packet, rtcp.length, 0x5d4));
        assertArrayEquals(expected, Arrays.copyOf(packet, expected.length));
        assertEquals(rtcp.length, cipher.unprotectRtcp(packet, expected.length, 0x5d4, true));
        assertArrayEquals(rtcp, Arrays.copyOf(packet, rtcp.length));
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rtpIsByteIdenticalToJca(SrtpProfile profile) {
        Random random = new Random(profile.id() * 31L);
        for (int round = 0; round < 400; round++) {
            SrtpSessionKeys keys = randomKeys(random, profile);
            AesGcmGhashCipher ours = new AesGcmGhashCipher(keys);
            AesGcmCipher jca = new AesGcmCipher(keys);
            for (int p = 0; p < 5; p++) {
                int headerLength = 12 + 4 * random.nextInt(3) + (random.nextBoolean() ? 4 + 4 * random.nextInt(4) : 0);
                int payload = random.nextInt(4) == 0 ? random.nextInt(33) : random.nextInt(1400);
                int roc = random.nextInt();
                byte[] plain = SrtpJitsiInteropTest.randomBytes(random, headerLength + payload);
                byte[] a = Arrays.copyOf(plain, plain.length + SLACK);
                byte[] b = Arrays.copyOf(plain, plain.length + SLACK);
                int lengthA = ours.protectRtp(a, headerLength, payload, roc);
                int lengthB = jca.protectRtp(b, headerLength, payload, roc);
                assertEquals(lengthB, lengthA);
                assertArrayEquals(Arrays.copyOf(b, lengthB), Arrays.copyOf(a, lengthA), "payload " + payload);
                // each opens what the other sealed
                assertEquals(plain.length, ours.unprotectRtp(b, headerLength, lengthB, roc));
                assertArrayEquals(plain, Arrays.copyOf(b, plain.length));
                byte[] tampered = Arrays.copyOf(a, a.length);
                tampered[random.nextInt(lengthA)] ^= (byte) (1 << random.nextInt(8));
                byte[] before = tampered.clone();
                assertEquals(-1, ours.unprotectRtp(tampered, headerLength, lengthA, roc));
                assertArrayEquals(before, tampered, "a rejected packet is left as it was");
                assertEquals(-1, ours.unprotectRtp(a, headerLength, lengthA, roc + 1), "wrong ROC");
                assertEquals(plain.length, jca.unprotectRtp(a, headerLength, lengthA, roc));
                assertArrayEquals(plain, Arrays.copyOf(a, plain.length));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rtcpIsByteIdenticalToJca(SrtpProfile profile) {
        Random random = new Random(profile.id() * 17L);
        for (int round = 0; round < 300; round++) {
            SrtpSessionKeys keys = randomKeys(random, profile);
            AesGcmGhashCipher ours = new AesGcmGhashCipher(keys);
            AesGcmCipher jca = new AesGcmCipher(keys);
            byte[] rtcp = SrtpJitsiInteropTest.randomRtcp(random, random.nextInt());
            int index = random.nextInt(0x7FFF_FFFF);
            byte[] a = Arrays.copyOf(rtcp, rtcp.length + SLACK);
            byte[] b = Arrays.copyOf(rtcp, rtcp.length + SLACK);
            int lengthA = ours.protectRtcp(a, rtcp.length, index);
            int lengthB = jca.protectRtcp(b, rtcp.length, index);
            assertEquals(lengthB, lengthA);
            assertArrayEquals(Arrays.copyOf(b, lengthB), Arrays.copyOf(a, lengthA));
            assertEquals(rtcp.length, ours.unprotectRtcp(b, lengthB, index, true));
            assertArrayEquals(rtcp, Arrays.copyOf(b, rtcp.length));
            byte[] tampered = Arrays.copyOf(a, a.length);
            tampered[random.nextInt(lengthA)] ^= (byte) (1 << random.nextInt(8));
            assertEquals(-1, ours.unprotectRtcp(tampered, lengthA, index, true));
        }
    }

    /** RFC 7714 §9.2, E = 0: the whole compound and the index are AAD, the packet built here with raw JCA. */
    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void unencryptedRtcpAsJcaAuthenticatesIt(SrtpProfile profile) throws Exception {
        Random random = new Random(profile.id() * 7L);
        for (int round = 0; round < 100; round++) {
            SrtpSessionKeys keys = randomKeys(random, profile);
            byte[] rtcp = SrtpJitsiInteropTest.randomRtcp(random, random.nextInt());
            int index = random.nextInt(0x7FFF_FFFF);
            byte[] iv = new byte[12];
            AesGcmCipher.rtcpIv(keys.rtcpSalt(), rtcp, index, iv);
            byte[] indexBytes = new byte[4];
            SrtpWire.putInt(indexBytes, 0, index); // E = 0
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.rtcpKey(), "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(rtcp);
            gcm.updateAAD(indexBytes);
            byte[] tag = gcm.doFinal();
            byte[] packet = new byte[rtcp.length + 20 + SLACK];
            System.arraycopy(rtcp, 0, packet, 0, rtcp.length);
            System.arraycopy(tag, 0, packet, rtcp.length, 16);
            System.arraycopy(indexBytes, 0, packet, rtcp.length + 16, 4);
            AesGcmGhashCipher ours = new AesGcmGhashCipher(keys);
            byte[] flipped = packet.clone();
            flipped[random.nextInt(rtcp.length)] ^= 1;
            assertEquals(-1, ours.unprotectRtcp(flipped, rtcp.length + 20, index, false));
            assertEquals(rtcp.length, ours.unprotectRtcp(packet, rtcp.length + 20, index, false));
            assertArrayEquals(rtcp, Arrays.copyOf(packet, rtcp.length));
        }
    }

    @Test
    void tooShortPacketsAreRefused() {
        AesGcmGhashCipher cipher = new AesGcmGhashCipher(AesGcmCipherRfc7714Test.keys(SrtpProfile.AEAD_AES_128_GCM));
        assertEquals(-1, cipher.unprotectRtp(new byte[64], 12, 12 + 15, 0));
        assertEquals(-1, cipher.unprotectRtcp(new byte[64], 8 + 16 + 3, 1, true));
    }

    /** Allocation, not time: after warm-up, protecting and unprotecting RTP allocates nothing per packet. */
    @Test
    void noAllocationPerPacket() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        AesGcmGhashCipher cipher = new AesGcmGhashCipher(AesGcmCipherRfc7714Test.keys(SrtpProfile.AEAD_AES_128_GCM));
        byte[] packet = SrtpJitsiInteropTest.randomBytes(new Random(3), 12 + 1200 + SLACK);
        packet[0] = (byte) 0x80;
        int packets = 20_000;
        long allocated = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < packets; i++) {
                SrtpWire.putShort(packet, 2, i);
                int length = cipher.protectRtp(packet, 12, 1200, 0);
                if (cipher.unprotectRtp(packet, 12, length, 0) != 12 + 1200) {
                    throw new AssertionError("round trip failed at " + i);
                }
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertTrue(allocated < packets, "allocated " + allocated + " bytes for " + packets + " packets");
    }

    private static SrtpSessionKeys randomKeys(Random random, SrtpProfile profile) {
        byte[] rtpKey = SrtpJitsiInteropTest.randomBytes(random, profile.keyLength());
        byte[] rtcpKey = SrtpJitsiInteropTest.randomBytes(random, profile.keyLength());
        byte[] rtpSalt = SrtpJitsiInteropTest.randomBytes(random, profile.saltLength());
        byte[] rtcpSalt = SrtpJitsiInteropTest.randomBytes(random, profile.saltLength());
        return new SrtpSessionKeys(profile, rtpKey, new byte[0], rtpSalt, rtcpKey, new byte[0], rtcpSalt);
    }
}
