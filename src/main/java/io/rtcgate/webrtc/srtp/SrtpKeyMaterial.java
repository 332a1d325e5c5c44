package io.rtcgate.webrtc.srtp;

import java.util.Arrays;

/**
 * The master keys and salts of one DTLS-SRTP association, split by direction.
 *
 * <p>RFC 5764 §4.2: the exporter output (label "EXTRACTOR-dtls_srtp") is laid out as
 * <pre>
 *  +------------------+------------------+-------------------+-------------------+
 *  | client write key | server write key | client write salt | server write salt |
 *  +------------------+------------------+-------------------+-------------------+
 *    keyLength          keyLength          saltLength          saltLength
 * </pre>
 * The gateway is always the DTLS server ({@code a=setup:passive}): it protects what it sends with the server key and
 * salt ("local") and checks what it receives with the client key and salt ("remote"). A DTLS client (the benchmark's
 * viewers) uses {@link #fromDtlsExportAsClient}.
 *
 * <p>Immutable; accessors return copies.
 */
public final class SrtpKeyMaterial {
    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    private SrtpKeyMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
            byte[] remoteSalt) {
        this.profile = profile;
        this.localKey = localKey;
        this.localSalt = localSalt;
        this.remoteKey = remoteKey;
        this.remoteSalt = remoteSalt;
    }

    /** Splits the exporter output for a DTLS server. */
    public static SrtpKeyMaterial fromDtlsExport(SrtpProfile profile, byte[] exported) {
        return split(profile, exported, true);
    }

    /** Splits the exporter output for a DTLS client: local = client write key/salt. */
    public static SrtpKeyMaterial fromDtlsExportAsClient(SrtpProfile profile, byte[] exported) {
        return split(profile, exported, false);
    }

    /** Key material given directly (tests, SDES-like setups). */
    public static SrtpKeyMaterial of(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
            byte[] remoteSalt) {
        checkLength("local key", localKey, profile.keyLength());
        checkLength("local salt", localSalt, profile.saltLength());
        checkLength("remote key", remoteKey, profile.keyLength());
        checkLength("remote salt", remoteSalt, profile.saltLength());
        return new SrtpKeyMaterial(profile, localKey.clone(), localSalt.clone(), remoteKey.clone(), remoteSalt.clone());
    }

    private static SrtpKeyMaterial split(SrtpProfile profile, byte[] exported, boolean server) {
        if (profile == null || exported == null) {
            throw new IllegalArgumentException("profile and exported keying material are required");
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (exported.length != profile.exportedKeyingMaterialLength()) {
            throw new IllegalArgumentException("exported keying material for " + profile + " must be "
                    + profile.exportedKeyingMaterialLength() + " bytes, got " + exported.length);
        }
        byte[] clientKey = Arrays.copyOfRange(exported, 0, k);
        byte[] serverKey = Arrays.copyOfRange(exported, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(exported, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s);
        return server
                ? new SrtpKeyMaterial(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeyMaterial(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    private static void checkLength(String what, byte[] value, int expected) {
        if (value == null || value.length != expected) {
            throw new IllegalArgumentException(what + " must be " + expected + " bytes");
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Master key this side sends with. */
    public byte[] localKey() {
        return localKey.clone();
    }

    /** Master salt this side sends with. */
    public byte[] localSalt() {
        return localSalt.clone();
    }

    /** Master key the peer sends with. */
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    /** Master salt the peer sends with. */
    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    /** Session keys for protecting what this side sends. */
    public SrtpSessionKeys deriveLocal() {
        return SrtpKeyDerivation.derive(profile, localKey, localSalt);
    }

    /** Session keys for checking what the peer sends. */
    public SrtpSessionKeys deriveRemote() {
        return SrtpKeyDerivation.derive(profile, remoteKey, remoteSalt);
    }

    @Override
    public String toString() {
        return "SrtpKeyMaterial[" + profile + ", keys redacted]";
    }
}
