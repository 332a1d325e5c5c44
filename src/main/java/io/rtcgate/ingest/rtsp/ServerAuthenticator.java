package io.rtcgate.ingest.rtsp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code Authorization} header of RTSP requests from publishers (ffmpeg, GStreamer) for one user.
 *
 * <p>Nonces need no server state: {@code base64url(issuedAtMillis(8) | random(12) | HMAC-SHA256(key, those 20 bytes |
 * realm)[0..16])}, the key drawn from {@link SecureRandom} per instance. A nonce is valid while its HMAC matches and
 * it is younger than the lifetime; a right response with an expired or foreign nonce (e.g. from before a restart) is
 * {@link Status#STALE}, so the caller answers 401 with {@code challenges(true)} and the client retries silently.
 * Being stateless, nonce counts are not tracked: a captured request can be replayed until its nonce expires, which
 * the bounded lifetime limits.
 *
 * <p>Responses without qop (RFC 2069, as GStreamer sends them) are accepted. The {@code uri} parameter is not compared
 * with the request URI (clients differ in how they write it). Secrets are compared in constant time;
 * {@link #toString()} never shows the password. Thread-safe.
 */
public final class ServerAuthenticator {

    /** Outcome of {@link #verify}. */
    public enum Status { OK, MISSING, BAD_CREDENTIALS, STALE, MALFORMED }

    /** {@link #verify} result; {@code reason} is safe to log (it never contains secrets). */
    public record Result(Status status, String reason) {

        public boolean ok() {
            return status == Status.OK;
        }
    }

    private static final int NONCE_RANDOM_BYTES = 12;
    private static final int NONCE_MAC_BYTES = 16;
    private static final int NONCE_BYTES = 8 + NONCE_RANDOM_BYTES + NONCE_MAC_BYTES;
    /** Nonces issued up to this far in the future (clock steps) are still accepted. */
    private static final long CLOCK_SKEW_MILLIS = 5_000;
    /** Preference order of the Digest challenges; MD5 goes last on purpose (see {@link #challenges(boolean)}). */
    private static final List<DigestAlgorithm> PREFERENCE = List.of(DigestAlgorithm.SHA_256,
            DigestAlgorithm.SHA_256_SESS, DigestAlgorithm.MD5_SESS, DigestAlgorithm.MD5);

    private final String realm;
    private final String user;
    private final String password;
    private final Set<DigestAlgorithm> algorithms;
    private final boolean allowBasic;
    private final Clock clock;
    private final long nonceLifetimeMillis;
    private final SecretKeySpec nonceKey;
    private final SecureRandom random = new SecureRandom();

    public ServerAuthenticator(String realm, String user, String password, Set<DigestAlgorithm> algorithms,
            boolean allowBasic, Clock clock, Duration nonceLifetime) {
        this.realm = Objects.requireNonNull(realm, "realm");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.algorithms = algorithms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(algorithms));
        this.allowBasic = allowBasic;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonce lifetime must be positive");
        }
        if (this.algorithms.isEmpty() && !allowBasic) {
            throw new IllegalArgumentException("no Digest algorithm and no Basic: nobody could authenticate");
        }
        this.nonceLifetimeMillis = nonceLifetime.toMillis();
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.nonceKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The {@code WWW-Authenticate} values for a 401, without {@code stale=true}. */
    public List<String> challenges() {
        return challenges(false);
    }

    /**
     * The {@code WWW-Authenticate} values for a 401, each a separate header: Digest SHA-256 first, Digest MD5 last,
     * then Basic. Order matters to real clients: FFmpeg and GStreamer keep only the last Digest challenge they see
     * and support MD5 only, so MD5 must come last; clients that rank challenges (RFC 7616 §3.7) pick SHA-256.
     */
    public List<String> challenges(boolean stale) {
        List<String> values = new ArrayList<>();
        String nonce = newNonce();
        for (DigestAlgorithm algorithm : PREFERENCE) {
            if (algorithms.contains(algorithm)) {
                values.add("Digest realm=" + HeaderTokens.quote(realm) + ", nonce=\"" + nonce + "\", algorithm="
                        + algorithm.token() + ", qop=\"auth\"" + (stale ? ", stale=true" : ""));
            }
        }
        if (allowBasic) {
            values.add("Basic realm=" + HeaderTokens.quote(realm) + ", charset=\"UTF-8\"");
        }
        return values;
    }

    /** Checks an {@code Authorization} header value (null when the request had none). */
    public Result verify(String method, String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return new Result(Status.MISSING, "no Authorization header");
        }
        List<AuthHeaderParser.Parsed> parsed = new ArrayList<>(1);
        try {
            AuthHeaderParser.parse(authorizationHeader, parsed);
        } catch (RtspProtocolException e) {
            return new Result(Status.MALFORMED, "Authorization: " + e.getMessage());
        }
        if (parsed.size() != 1) {
            return new Result(Status.MALFORMED, "Authorization: expected one credentials, got " + parsed.size());
        }
        AuthHeaderParser.Parsed credentials = parsed.get(0);
        if (credentials.scheme().equalsIgnoreCase("Basic")) {
            return verifyBasic(credentials);
        }
        if (credentials.scheme().equalsIgnoreCase("Digest")) {
            return verifyDigest(method, credentials.params());
        }
        return new Result(Status.BAD_CREDENTIALS, "scheme " + TransportHeader.abbreviate(credentials.scheme())
                + " not accepted");
    }

    private Result verifyBasic(AuthHeaderParser.Parsed credentials) {
        if (!allowBasic) {
            return new Result(Status.BAD_CREDENTIALS, "Basic not accepted");
        }
        if (credentials.token68() == null) {
            return new Result(Status.MALFORMED, "Basic without credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials.token68()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Result(Status.MALFORMED, "Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Result(Status.MALFORMED, "Basic credentials lack ':'");
        }
        boolean userMatches = constantTimeEquals(decoded.substring(0, colon), user);
        boolean passwordMatches = constantTimeEquals(decoded.substring(colon + 1), password);
        return userMatches & passwordMatches ? new Result(Status.OK, "Basic")
                : new Result(Status.BAD_CREDENTIALS, "wrong user or password");
    }

    private Result verifyDigest(String method, Map<String, String> params) {
        String username = params.get("username");
        String clientRealm = params.get("realm");
        String nonce = params.get("nonce");
        String uri = params.get("uri");
        String response = params.get("response");
        if (username == null || clientRealm == null || nonce == null || uri == null || response == null) {
            return new Result(Status.MALFORMED, "Digest needs username, realm, nonce, uri and response");
        }
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(params.get("algorithm"));
        if (algorithm == null || !algorithms.contains(algorithm)) {
            return new Result(Status.BAD_CREDENTIALS, "Digest algorithm "
                    + TransportHeader.abbreviate(String.valueOf(params.get("algorithm"))) + " not offered");
        }
        if (!clientRealm.equals(realm)) {
            return new Result(Status.BAD_CREDENTIALS, "realm mismatch");
        }
        String qop = params.get("qop");
        String nc = params.get("nc");
        String cnonce = params.get("cnonce");
        if (qop != null) {
            if (!qop.toLowerCase(Locale.ROOT).equals("auth")) {
                return new Result(Status.BAD_CREDENTIALS, "qop " + TransportHeader.abbreviate(qop) + " not offered");
            }
            if (nc == null || !isEightHexDigits(nc) || cnonce == null || cnonce.isEmpty()) {
                return new Result(Status.MALFORMED, "qop=auth needs nc (8 hex digits) and cnonce");
            }
            qop = "auth";
        } else if (algorithm.isSession()) {
            return new Result(Status.MALFORMED, algorithm.token() + " needs qop, nc and cnonce");
        }
        String expected = algorithm.response(user, realm, password, method, uri, nonce, nc, cnonce, qop);
        boolean userMatches = constantTimeEquals(username, user);
        boolean responseMatches = constantTimeEquals(response.toLowerCase(Locale.ROOT), expected);
        if (!(userMatches & responseMatches)) {
            return new Result(Status.BAD_CREDENTIALS, "wrong user or password");
        }
        String nonceProblem = checkNonce(nonce);
        if (nonceProblem != null) {
            return new Result(Status.STALE, nonceProblem);
        }
        return new Result(Status.OK, "Digest " + algorithm.token() + (qop == null ? " (RFC 2069, no qop)" : ""));
    }

    private String newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        ByteBuffer.wrap(nonce).putLong(clock.millis());
        synchronized (random) {
            byte[] randomPart = new byte[NONCE_RANDOM_BYTES];
            random.nextBytes(randomPart);
            System.arraycopy(randomPart, 0, nonce, 8, NONCE_RANDOM_BYTES);
        }
        System.arraycopy(mac(nonce), 0, nonce, 8 + NONCE_RANDOM_BYTES, NONCE_MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Null when the nonce is ours and fresh, else why not. */
    private String checkNonce(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return "nonce not issued here";
        }
        if (bytes.length != NONCE_BYTES) {
            return "nonce not issued here";
        }
        byte[] expectedMac = mac(bytes);
        byte[] givenMac = new byte[NONCE_MAC_BYTES];
        System.arraycopy(bytes, 8 + NONCE_RANDOM_BYTES, givenMac, 0, NONCE_MAC_BYTES);
        byte[] expectedTruncated = new byte[NONCE_MAC_BYTES];
        System.arraycopy(expectedMac, 0, expectedTruncated, 0, NONCE_MAC_BYTES);
        if (!MessageDigest.isEqual(givenMac, expectedTruncated)) {
            return "nonce not issued here (or before a restart)";
        }
        long issuedAt = ByteBuffer.wrap(bytes).getLong();
        long age = clock.millis() - issuedAt;
        if (age > nonceLifetimeMillis || age < -CLOCK_SKEW_MILLIS) {
            return "nonce expired";
        }
        return null;
    }

    /** HMAC-SHA256 over the first 20 bytes (time + random) and the realm. */
    private byte[] mac(byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(nonceKey);
            mac.update(nonce, 0, 8 + NONCE_RANDOM_BYTES);
            mac.update(realm.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Compares hashes, so neither content nor length of the secret leaks through timing. */
    private static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(DigestAlgorithm.SHA_256.hashBytes(given),
                DigestAlgorithm.SHA_256.hashBytes(expected));
    }

    private static boolean isEightHexDigits(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ServerAuthenticator[realm=" + realm + ", user=" + user + ", algorithms=" + algorithms + ", basic="
                + allowBasic + "]";
    }
}
