package io.rtcgate.webrtc.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's crypto for the DTLS server, with GCM record protection that keeps no multiplication tables.
 *
 * <p>BouncyCastle's default GCM multiplier precomputes 4 KB tables (as 256 small {@code long[]} each) per key and
 * direction: about 17 KB and 500 objects of heap per session for as long as the session lives. The DTLS record layer
 * of a WebRTC session carries only the two Finished messages and, later, an alert (media goes over SRTP, RFC 5764), so
 * table-driven speed buys nothing there; the table-free multiplier does the same GCM (same bytes) a little slower per
 * block, on a handful of records.
 */
final class TableFreeGcmCrypto extends BcTlsCrypto {

    TableFreeGcmCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher cipher) {
        return GCMBlockCipher.newInstance(cipher, new BasicGCMMultiplier());
    }
}
