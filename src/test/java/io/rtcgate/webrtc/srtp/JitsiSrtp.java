package io.rtcgate.webrtc.srtp;

import java.lang.reflect.Proxy;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.Logger;

/** The independent implementation org.jitsi:jitsi-srtp, wrapped for byte-array round trips in tests. */
final class JitsiSrtp {
    private final SrtpContextFactory factory;

    JitsiSrtp(SrtpProfile profile, boolean sender, byte[] masterKey, byte[] masterSalt) {
        SrtpPolicy policy = policy(profile);
        factory = new SrtpContextFactory(sender, masterKey, masterSalt, policy, policy, silentLogger());
    }

    SrtpCryptoContext rtp(int ssrc) throws GeneralSecurityException {
        return factory.deriveContext(ssrc, 0);
    }

    SrtcpCryptoContext rtcp(int ssrc) throws GeneralSecurityException {
        return factory.deriveControlContext(ssrc);
    }

    static byte[] protect(SrtpCryptoContext ctx, byte[] rtp) throws GeneralSecurityException {
        Buffer b = new Buffer(rtp);
        check(ctx.transformPacket(b));
        return b.bytes();
    }

    static byte[] unprotect(SrtpCryptoContext ctx, byte[] srtp) throws GeneralSecurityException {
        Buffer b = new Buffer(srtp);
        check(ctx.reverseTransformPacket(b, false));
        return b.bytes();
    }

    static byte[] protect(SrtcpCryptoContext ctx, byte[] rtcp) throws GeneralSecurityException {
        Buffer b = new Buffer(rtcp);
        check(ctx.transformPacket(b));
        return b.bytes();
    }

    static byte[] unprotect(SrtcpCryptoContext ctx, byte[] srtcp) throws GeneralSecurityException {
        Buffer b = new Buffer(srtcp);
        check(ctx.reverseTransformPacket(b));
        return b.bytes();
    }

    private static void check(SrtpErrorStatus status) {
        if (status != SrtpErrorStatus.OK) {
            throw new AssertionError("jitsi-srtp: " + status + " (" + status.desc + ")");
        }
    }

    private static SrtpPolicy policy(SrtpProfile profile) {
        if (profile.isAead()) {
            return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(),
                    SrtpPolicy.NULL_AUTHENTICATION, 0, profile.rtpTagLength(), profile.saltLength());
        }
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.keyLength(), SrtpPolicy.HMACSHA1_AUTHENTICATION,
                profile.authKeyLength(), profile.rtpTagLength(), profile.saltLength());
    }

    /** jitsi-utils' Logger, silenced: returns itself for child loggers, false/null otherwise. */
    private static Logger silentLogger() {
        Object[] self = new Object[1];
        self[0] = Proxy.newProxyInstance(JitsiSrtp.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    Class<?> r = method.getReturnType();
                    if (r == Logger.class) {
                        return self[0];
                    }
                    if (r == boolean.class) {
                        return false;
                    }
                    return null;
                });
        return (Logger) self[0];
    }

    /** A growable array-backed ByteArrayBuffer. */
    private static final class Buffer implements ByteArrayBuffer {
        private byte[] buffer;
        private int offset;
        private int length;

        Buffer(byte[] data) {
            buffer = Arrays.copyOf(data, data.length + 64);
            length = data.length;
        }

        byte[] bytes() {
            return Arrays.copyOfRange(buffer, offset, offset + length);
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            length = len;
        }

        @Override
        public void setOffset(int off) {
            offset = off;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] outBuf) {
            System.arraycopy(buffer, offset + off, outBuf, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            int needed = offset + length + howMuch;
            if (buffer.length < needed) {
                buffer = Arrays.copyOf(buffer, needed);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
