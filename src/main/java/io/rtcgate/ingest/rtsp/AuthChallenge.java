package io.rtcgate.ingest.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): Basic (RFC 7617) or Digest
 * (RFC 7616, RFC 2617, RFC 2069). Immutable.
 */
public final class AuthChallenge {

    private final String scheme;
    private final String token68;
    private final Map<String, String> params;

    private AuthChallenge(String scheme, String token68, Map<String, String> params) {
        this.scheme = scheme;
        this.token68 = token68;
        this.params = params;
    }

    /**
     * Parses all challenges of all {@code WWW-Authenticate} values of one response (each value may hold several
     * comma-separated challenges).
     *
     * @throws RtspProtocolException on a syntax error or when a limit (16 challenges, 32 params, 8 KiB per value) is
     *         exceeded
     */
    public static List<AuthChallenge> parseAll(List<String> wwwAuthenticateValues) throws RtspProtocolException {
        Objects.requireNonNull(wwwAuthenticateValues, "wwwAuthenticateValues");
        List<AuthHeaderParser.Parsed> parsed = new ArrayList<>();
        for (String value : wwwAuthenticateValues) {
            AuthHeaderParser.parse(value, parsed);
        }
        List<AuthChallenge> result = new ArrayList<>(parsed.size());
        for (AuthHeaderParser.Parsed p : parsed) {
            result.add(new AuthChallenge(p.scheme(), p.token68(), p.params()));
        }
        return List.copyOf(result);
    }

    /** The auth-scheme as sent, e.g. {@code Digest}. */
    public String scheme() {
        return scheme;
    }

    public boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    public boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    /** A parameter by (case-insensitive) name, or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** All parameters, names lowercased. */
    public Map<String, String> params() {
        return params;
    }

    /** The token68 form (rare in challenges), or null. */
    public String token68() {
        return token68;
    }

    public String realm() {
        return param("realm");
    }

    public String nonce() {
        return param("nonce");
    }

    public String opaque() {
        return param("opaque");
    }

    /** The {@code algorithm} parameter as sent, or null (which means MD5 for Digest). */
    public String algorithm() {
        return param("algorithm");
    }

    /** The Digest algorithm this challenge asks for, or null when it names one this code does not know. */
    public DigestAlgorithm digestAlgorithm() {
        return DigestAlgorithm.fromToken(algorithm());
    }

    /** The {@code qop} options, lowercased (e.g. {@code [auth, auth-int]}); empty for RFC 2069-style challenges. */
    public List<String> qopOptions() {
        String qop = param("qop");
        if (qop == null) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        for (String option : qop.split(",")) {
            String trimmed = option.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                options.add(trimmed);
            }
        }
        return List.copyOf(options);
    }

    /** {@code stale=true}: the nonce expired but the credentials were right (RFC 7616 §3.3). */
    public boolean stale() {
        return "true".equalsIgnoreCase(param("stale"));
    }

    @Override
    public String toString() {
        return scheme + (params.isEmpty() ? "" : " " + params);
    }
}
