package io.rtcgate.webrtc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The credentials a reader (WHEP viewer, player page) must present for one stream: HTTP Basic (RFC 7617) with the
 * configured user and password, and/or a bearer token (RFC 6750) in {@code Authorization: Bearer <token>}. A configured
 * token is also accepted as the password of a Basic login under any user name, so that a browser's own login prompt
 * can carry it to the player page. With nothing configured, {@link #required()} is false and everyone may read.
 *
 * <p>Only SHA-256 digests of the secrets are kept, and a presented secret is compared digest to digest with
 * {@link MessageDigest#isEqual} (constant time for equal lengths, and digests are always 32 bytes), so neither the
 * content nor the length of a secret leaks through timing. {@link #toString()} shows no secret.
 */
public final class ReaderCredentials {
    public static final String REALM = "rtcgate";
    private static final ReaderCredentials OPEN = new ReaderCredentials(null, null);

    private final byte[] userPasswordDigest;
    private final byte[] tokenDigest;

    private ReaderCredentials(byte[] userPasswordDigest, byte[] tokenDigest) {
        this.userPasswordDigest = userPasswordDigest;
        this.tokenDigest = tokenDigest;
    }

    /** Reading without credentials. */
    public static ReaderCredentials open() {
        return OPEN;
    }

    /** From configuration: user and password go together (checked by {@code ConfigValidator}); a token may stand alone. */
    public static ReaderCredentials of(Optional<String> user, Optional<String> password, Optional<String> token) {
        byte[] basic = user.isPresent() && password.isPresent() ? digest(user.get() + ":" + password.get()) : null;
        byte[] bearer = token.map(ReaderCredentials::digest).orElse(null);
        return basic == null && bearer == null ? OPEN : new ReaderCredentials(basic, bearer);
    }

    public boolean required() {
        return userPasswordDigest != null || tokenDigest != null;
    }

    /** Whether a bearer token is one of the accepted forms (it then appears in {@code WWW-Authenticate}). */
    public boolean acceptsBearer() {
        return tokenDigest != null;
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may read. */
    public boolean accepts(String authorization) {
        if (!required()) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).trim();
        if (scheme.equals("bearer")) {
            return tokenDigest != null && MessageDigest.isEqual(tokenDigest, digest(credentials));
        }
        if (!scheme.equals("basic")) {
            return false;
        }
        String userPassword;
        try {
            userPassword = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = userPassword.indexOf(':');
        if (colon < 0) {
            return false;
        }
        // evaluate both forms every time, so the time taken does not tell which one was configured
        boolean basicMatches = userPasswordDigest != null & MessageDigest.isEqual(
                userPasswordDigest == null ? new byte[32] : userPasswordDigest, digest(userPassword));
        boolean tokenAsPasswordMatches = tokenDigest != null & MessageDigest.isEqual(
                tokenDigest == null ? new byte[32] : tokenDigest, digest(userPassword.substring(colon + 1)));
        return basicMatches | tokenAsPasswordMatches;
    }

    /** The {@code WWW-Authenticate} challenges of a 401 (RFC 9110 §11.6.1): Basic always, Bearer when a token is set. */
    public java.util.List<String> challenges() {
        String basic = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
        return tokenDigest == null ? java.util.List.of(basic) : java.util.List.of(basic, "Bearer realm=\"" + REALM + "\"");
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
        }
    }

    @Override
    public String toString() {
        return required() ? "ReaderCredentials[" + (userPasswordDigest != null ? "basic" : "") + (tokenDigest != null ? " bearer" : "")
                + "]" : "ReaderCredentials[open]";
    }
}
