package io.rtcgate.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every property key a {@link ConfigMapping} interface accepts, found by walking its methods by reflection the way SmallRye
 * names them: kebab-case of the method name unless {@link WithName}, {@link WithParentName} flattening, nested interfaces
 * as sub-groups, {@code Map<String, group>} and {@code Map<String, leaf>} with the map key shown as {@code *},
 * {@code Optional} and {@code List} of groups unwrapped ({@code List} of groups as {@code name[*]}).
 *
 * <p>{@link #matchesEnvironmentName(String)} answers whether an environment variable name is the SmallRye environment form
 * (upper case, every non-alphanumeric character as '_') of one of the keys, a map key standing for any name.
 */
final class ConfigKeyCatalog {

    private static final int MAX_DEPTH = 12;

    private final TreeSet<String> keys = new TreeSet<>();
    private final List<Pattern> environmentPatterns = new ArrayList<>();

    /** The keys of every given mapping under its declared prefix. */
    static ConfigKeyCatalog of(Class<?>... mappings) {
        ConfigKeyCatalog catalog = new ConfigKeyCatalog();
        for (Class<?> mapping : mappings) {
            ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
            if (annotation == null) {
                throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
            }
            catalog.walk(mapping, annotation.prefix(), 0);
        }
        for (String key : catalog.keys) {
            catalog.environmentPatterns.add(environmentPattern(key));
        }
        return catalog;
    }

    /** The keys in property form, e.g. {@code rtcgate.streams.*.source}. */
    Collection<String> keys() {
        return keys;
    }

    boolean matchesEnvironmentName(String name) {
        for (Pattern pattern : environmentPatterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** SmallRye's environment form of a property key: upper case, every non-alphanumeric character replaced by '_'. */
    static String environmentName(String key) {
        StringBuilder env = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            env.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return env.toString();
    }

    private static Pattern environmentPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("[A-Z0-9_]+"); // a map key (stream name) in environment form
            }
            regex.append(Pattern.quote(environmentName(part)));
        }
        return Pattern.compile(regex.toString());
    }

    private void walk(Class<?> group, String prefix, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("config groups nested deeper than " + MAX_DEPTH + " at " + prefix);
        }
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String path;
            if (method.isAnnotationPresent(WithParentName.class)) {
                path = prefix;
            } else {
                WithName withName = method.getAnnotation(WithName.class);
                String name = withName != null ? withName.value() : kebabCase(method.getName());
                path = prefix.isEmpty() ? name : prefix + "." + name;
            }
            addType(method.getGenericReturnType(), path, depth);
        }
    }

    private void addType(Type type, String path, int depth) {
        Class<?> raw = rawClass(type);
        if (raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class) {
            if (type instanceof ParameterizedType parameterized) {
                addType(parameterized.getActualTypeArguments()[0], path, depth);
            } else {
                keys.add(path);
            }
        } else if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType parameterized) {
            addType(parameterized.getActualTypeArguments()[1], path + ".*", depth);
        } else if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType parameterized
                && isGroup(rawClass(parameterized.getActualTypeArguments()[0]))) {
            walk(rawClass(parameterized.getActualTypeArguments()[0]), path + "[*]", depth + 1);
        } else if (isGroup(raw)) {
            walk(raw, path, depth + 1);
        } else {
            keys.add(path);
        }
    }

    /** A config group: an interface that is not a JDK type (leaf values are primitives, strings, enums, JDK types). */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class; // wildcard or type variable: a leaf
    }

    /** SmallRye's default naming strategy: {@code maxSessionsPerStream} becomes {@code max-sessions-per-stream}. */
    static String kebabCase(String methodName) {
        StringBuilder kebab = new StringBuilder(methodName.length() + 8);
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    kebab.append('-');
                }
                kebab.append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }
}
