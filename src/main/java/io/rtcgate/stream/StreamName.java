package io.rtcgate.stream;

import java.util.Set;
import java.util.regex.Pattern;

/** The rule for stream names: {@code [A-Za-z0-9_-]{1,64}}, and none of the first path segments the HTTP API uses. */
public final class StreamName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** First path segments taken by the HTTP API and Quarkus; a stream may not be called so. */
    public static final Set<String> RESERVED = Set.of("v1", "v2", "q", "api", "metrics", "health", "whep", "whip", "static",
            "assets");

    private StreamName() {
    }

    /** Returns null when {@code name} is a valid stream name, else the reason it is not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a stream name must not be empty";
        }
        if (!VALID.matcher(name).matches()) {
            return "stream name '" + abbreviate(name) + "' is invalid: use 1 to 64 characters of A-Z a-z 0-9 _ -";
        }
        if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return "stream name '" + name + "' is reserved by the HTTP API (reserved: " + String.join(", ", RESERVED.stream().sorted().toList()) + ")";
        }
        return null;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    private static String abbreviate(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
