package io.rtcgate.webrtc.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Not a test: a measurement to run by hand (no timing assertion). For each profile it protects and unprotects RTP
 * packets of 1200-byte payload in pooled direct buffers and prints nanoseconds and allocated bytes per packet
 * (ThreadMXBean.getThreadAllocatedBytes), after a warm-up.
 *
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat cp.txt) io.rtcgate.webrtc.srtp.SrtpAllocationProbe [packets]
 * </pre>
 */
public final class SrtpAllocationProbe {
    private SrtpAllocationProbe() {
    }

    public static void main(String[] args) {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        System.out.printf("%-26s %-10s %10s %12s%n", "profile", "operation", "ns/packet", "bytes/packet");
        for (SrtpProfile profile : SrtpProfile.values()) {
            Random random = new Random(1);
            byte[] key = new byte[profile.keyLength()];
            byte[] salt = new byte[profile.saltLength()];
            random.nextBytes(key);
            random.nextBytes(salt);
            SrtpSessionKeys keys = SrtpKeyDerivation.derive(profile, key, salt);
            byte[] rtp = new byte[12 + 1200];
            random.nextBytes(rtp);
            rtp[0] = (byte) 0x80;
            ByteBuf plain = PooledByteBufAllocator.DEFAULT.directBuffer(rtp.length).writeBytes(rtp);
            ByteBuf wire = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            ByteBuf back = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
            try {
                SrtpSender sender = new SrtpSender(keys);
                SrtpReceiver receiver = new SrtpReceiver(keys);
                int seq = 0;
                // Warm-up (JIT), then measured rounds.
                for (int round = 0; round < 2; round++) {
                    int n = round == 0 ? packets / 2 : packets;
                    long protectNanos = 0;
                    long unprotectNanos = 0;
                    long protectBytes = 0;
                    long unprotectBytes = 0;
                    for (int i = 0; i < n; i++, seq++) {
                        wire.clear();
                        back.clear();
                        long a0 = threads.getThreadAllocatedBytes(tid);
                        long t0 = System.nanoTime();
                        if (!sender.protectRtp(plain, 0x1234, seq & 0xFFFF, seq * 3000L, 96, false, wire)) {
                            throw new IllegalStateException(sender.lastError().toString());
                        }
                        long t1 = System.nanoTime();
                        long a1 = threads.getThreadAllocatedBytes(tid);
                        if (!receiver.unprotectRtp(wire, back)) {
                            throw new IllegalStateException(receiver.lastError().toString());
                        }
                        long t2 = System.nanoTime();
                        long a2 = threads.getThreadAllocatedBytes(tid);
                        protectNanos += t1 - t0;
                        unprotectNanos += t2 - t1;
                        protectBytes += a1 - a0;
                        unprotectBytes += a2 - a1;
                    }
                    if (round == 1) {
                        System.out.printf("%-26s %-10s %10d %12.1f%n", profile, "protect", protectNanos / n,
                                (double) protectBytes / n);
                        System.out.printf("%-26s %-10s %10d %12.1f%n", profile, "unprotect", unprotectNanos / n,
                                (double) unprotectBytes / n);
                    }
                }
            } finally {
                plain.release();
                wire.release();
                back.release();
            }
        }
    }
}
