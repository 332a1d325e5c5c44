package io.rtcgate.ingest.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers RTSP {@code 401} challenges as a client: Digest SHA-256 over Digest MD5 over Basic (RFC 7616, RFC 2617,
 * RFC 2069 without qop, RFC 7617).
 *
 * <p>Usage: on a 401, call {@link #authorization(String, String, List)} with the parsed challenges and resend the
 * request with the returned header only if {@link #canRetry()}; for later requests call
 * {@link #authorization(String, String)} (next nonce count on the same nonce).
 *
 * <p>Loop protection: a retry is allowed once per new challenge (new nonce, or first Basic challenge), plus once more
 * for {@code stale=true} on the same nonce, and at most {@value #MAX_CONSECUTIVE_CHALLENGES} challenges in a row; the
 * row ends when {@link #authorization(String, String)} is used for a new request. So a server that rejects the
 * password while handing out a fresh nonce each time is not retried forever.
 *
 * <p>Not thread-safe: use it from the connection's event loop. {@link #toString()} never shows the password.
 */
public final class ClientAuthenticator {

    /** Challenges answered in a row without a new request in between before {@link #canRetry()} turns false. */
    public static final int MAX_CONSECUTIVE_CHALLENGES = 3;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private final Supplier<String> cnonceSource;

    private AuthChallenge current;
    private String currentKey;
    private String cnonce;
    private int nonceCount;
    private boolean staleRetryUsed;
    private boolean retryAllowed;
    private int consecutiveChallenges;

    public ClientAuthenticator(String user, String password) {
        this(user, password, ClientAuthenticator::randomCnonce);
    }

    /** For tests: a fixed client nonce source (RFC 7616 §3.9.1 uses a given cnonce). */
    ClientAuthenticator(String user, String password, Supplier<String> cnonceSource) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.cnonceSource = Objects.requireNonNull(cnonceSource, "cnonceSource");
    }

    /**
     * Picks the strongest supported challenge, remembers it, and returns the {@code Authorization} value for resending
     * {@code method uri}. Check {@link #canRetry()} before resending.
     *
     * @throws RtspProtocolException when no offered challenge is supported (the message lists them)
     */
    public String authorization(String method, String uri, List<AuthChallenge> challenges)
            throws RtspProtocolException {
        AuthChallenge chosen = strongest(challenges);
        if (chosen == null) {
            throw new RtspProtocolException("no supported authentication challenge among " + challenges);
        }
        consecutiveChallenges++;
        String key = chosen.scheme().toLowerCase(Locale.ROOT) + '\n' + chosen.realm() + '\n' + chosen.nonce();
        if (!key.equals(currentKey)) {
            currentKey = key;
            current = chosen;
            cnonce = cnonceSource.get();
            nonceCount = 0;
            staleRetryUsed = false;
            retryAllowed = true;
        } else if (chosen.stale() && !staleRetryUsed) {
            staleRetryUsed = true;
            current = chosen;
            retryAllowed = true;
        } else {
            retryAllowed = false;
        }
        if (consecutiveChallenges > MAX_CONSECUTIVE_CHALLENGES) {
            retryAllowed = false;
        }
        return header(method, uri);
    }

    /**
     * The {@code Authorization} value for a new request with the current challenge (incrementing the nonce count), or
     * null before any challenge was seen. Also ends a row of challenges (see class comment).
     */
    public String authorization(String method, String uri) {
        consecutiveChallenges = 0;
        return current == null ? null : header(method, uri);
    }

    /** Whether resending after the last {@link #authorization(String, String, List)} can help. */
    public boolean canRetry() {
        return retryAllowed;
    }

    /** The challenge in use, or null. */
    public AuthChallenge current() {
        return current;
    }

    /**
     * The strongest supported challenge: Digest SHA-256 (qop absent or offering auth) > Digest MD5 > Basic; the first
     * one offered wins a tie. Null when none is supported.
     */
    static AuthChallenge strongest(List<AuthChallenge> challenges) {
        AuthChallenge best = null;
        int bestRank = 0;
        for (AuthChallenge challenge : challenges) {
            int rank = rank(challenge);
            if (rank > bestRank) {
                best = challenge;
                bestRank = rank;
            }
        }
        return best;
    }

    private static int rank(AuthChallenge challenge) {
        if (challenge.isBasic()) {
            return 1;
        }
        if (!challenge.isDigest() || challenge.nonce() == null || challenge.realm() == null) {
            return 0;
        }
        List<String> qop = challenge.qopOptions();
        if (!qop.isEmpty() && !qop.contains("auth")) {
            return 0; // only auth-int: needs the body, which RTSP requests here do not sign
        }
        DigestAlgorithm algorithm = challenge.digestAlgorithm();
        if (algorithm == null) {
            return 0;
        }
        return algorithm.isSha256() ? 3 : 2;
    }

    private String header(String method, String uri) {
        if (current.isBasic()) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        DigestAlgorithm algorithm = current.digestAlgorithm();
        boolean qopAuth = current.qopOptions().contains("auth");
        String nc = null;
        if (qopAuth || algorithm.isSession()) {
            nonceCount++;
            nc = String.format(Locale.ROOT, "%08x", nonceCount);
        }
        String qop = qopAuth ? "auth" : null;
        String response = algorithm.response(user, current.realm(), password, method, uri, current.nonce(), nc,
                cnonce, qop);
        StringBuilder sb = new StringBuilder(256).append("Digest ");
        sb.append("username=").append(HeaderTokens.quote(user));
        sb.append(", realm=").append(HeaderTokens.quote(current.realm()));
        sb.append(", nonce=").append(HeaderTokens.quote(current.nonce()));
        sb.append(", uri=").append(HeaderTokens.quote(uri));
        if (current.algorithm() != null) {
            sb.append(", algorithm=").append(algorithm.token());
        }
        if (qop != null) {
            sb.append(", qop=").append(qop).append(", nc=").append(nc);
        }
        if (qop != null || algorithm.isSession()) {
            sb.append(", cnonce=").append(HeaderTokens.quote(cnonce));
        }
        sb.append(", response=").append(HeaderTokens.quote(response));
        if (current.opaque() != null) {
            sb.append(", opaque=").append(HeaderTokens.quote(current.opaque()));
        }
        return sb.toString();
    }

    private static String randomCnonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "ClientAuthenticator[user=" + user + ", challenge=" + (current == null ? "none" : current.scheme())
                + "]";
    }
}
