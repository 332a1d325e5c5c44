package io.rtcgate.webrtc.srtp;

import org.jboss.logging.Logger;

/**
 * Which AES-GCM implementation the SRTP GCM profiles use, chosen once per JVM and logged once:
 * {@link #ECB_GHASH} ({@link AesGcmGhashCipher}: no per-packet allocation) when the JDK's GHASH can be reached
 * ({@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}, in the production JVM flags), else {@link #JCA}
 * ({@link AesGcmCipher}: about 1 KB allocated per packet). The JVM system property {@value #PROPERTY}{@code =jca}
 * forces JCA (for A/B measurements; outside the {@code rtcgate.} namespace, which Quarkus validates as configuration).
 */
enum AesGcmImplementation {
    ECB_GHASH, JCA;

    static final String PROPERTY = "io.rtcgate.srtp.gcm";
    private static final Logger LOG = Logger.getLogger(AesGcmImplementation.class);
    private static final AesGcmImplementation SELECTED = select();

    /** The implementation in use in this JVM. */
    static AesGcmImplementation selected() {
        return SELECTED;
    }

    /** A cipher of this implementation for the session keys of a GCM profile. */
    SrtpCipher create(SrtpSessionKeys keys) {
        return this == ECB_GHASH ? new AesGcmGhashCipher(keys) : new AesGcmCipher(keys);
    }

    private static AesGcmImplementation select() {
        if ("jca".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            LOG.infof("SRTP AES-GCM: JCA Cipher per packet (about 1 KB allocated per packet), forced by -D%s=jca",
                    PROPERTY);
            return JCA;
        }
        String unavailable = JdkGhash.unavailableReason();
        if (unavailable == null) {
            LOG.info("SRTP AES-GCM: AES-ECB counter blocks + the JDK's GHASH intrinsic (no allocation per packet)");
            return ECB_GHASH;
        }
        LOG.warnf("SRTP AES-GCM: JCA Cipher per packet (about 1 KB allocated per packet); the JDK's GHASH is not "
                + "reachable (%s): add --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED", unavailable);
        return JCA;
    }
}
