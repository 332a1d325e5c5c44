package io.rtcgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.ConfigConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests in {@code deploy/} and the image in {@code src/main/docker/} against the application: probe
 * paths, ports, environment variable names (each one a key of {@link GatewayConfig} or of Quarkus, or a variable the image
 * itself reads), the grace period against the drain timeout, the advertised WebRTC address and the canary wiring. No
 * cluster: the YAML is read as data, kustomize's config-map merge and the overlays' JSON patches are applied here.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path BASE = DEPLOY.resolve("base");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Metrics the canary analysis queries, as the README's Metrics section names them (process_cpu_usage is Micrometer's
     * JVM binder name).
     */
    private static final Set<String> CANARY_METRICS = Set.of("rtcgate_session_rtcp_fraction_lost", "process_cpu_usage");

    private static final ConfigKeyCatalog KEYS =
            ConfigKeyCatalog.of(GatewayConfig.class, VertxHttpConfig.class, ConfigConfig.class);

    // ---------------------------------------------------------------- tests

    @Test
    void theKeyCatalogKnowsTheGatewaysKeysAndNothingElse() {
        assertTrue(KEYS.keys().contains("rtcgate.webrtc.hosts"), KEYS.keys().toString());
        assertTrue(KEYS.keys().contains("rtcgate.streams.*.source"), KEYS.keys().toString());
        assertTrue(KEYS.keys().contains("rtcgate.transport.native"), KEYS.keys().toString());
        assertTrue(KEYS.keys().contains("quarkus.http.port"), KEYS.keys().toString());
        assertTrue(KEYS.keys().contains("quarkus.profile"), KEYS.keys().toString());
        assertTrue(KEYS.matchesEnvironmentName("RTCGATE_STREAMS_CAM_1_SOURCE"));
        assertTrue(KEYS.matchesEnvironmentName("RTCGATE_WEBRTC_MAX_SESSIONS_PER_STREAM"));
        assertFalse(KEYS.matchesEnvironmentName("RTCGATE_WEBRTC_HOST"), "a misspelt key");
        assertFalse(KEYS.matchesEnvironmentName("RTCGATE_STREAMS_CAM1"), "a stream without a property");
        assertFalse(KEYS.matchesEnvironmentName("RTCGATE_WEBRTC_UDP_PORTS"));
    }

    @Test
    void everyFileAKustomizationNamesExists() {
        for (Path dir : List.of(BASE, overlay("staging"), overlay("production"))) {
            JsonNode kustomization = single(dir.resolve("kustomization.yaml"));
            for (String field : List.of("resources", "configurations")) {
                kustomization.path(field).forEach(entry -> assertTrue(Files.exists(dir.resolve(entry.asText())),
                        dir + ": " + field + " names " + entry.asText() + ", which does not exist"));
            }
            kustomization.path("configMapGenerator").forEach(generator -> generator.path("envs").forEach(
                    env -> assertTrue(Files.isRegularFile(dir.resolve(env.asText())), dir + ": no " + env.asText())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void probesCallTheHealthEndpointsOnTheHttpPort(String environment) {
        JsonNode container = gatewayContainer(rollout(environment));
        int httpPort = effectivePorts(environment).get("http");
        for (Map.Entry<String, String> probe : ProbeEndpoints.BY_PROBE.entrySet()) {
            JsonNode httpGet = container.path(probe.getKey()).path("httpGet");
            assertEquals(probe.getValue(), httpGet.path("path").asText(), environment + " " + probe.getKey());
            assertEquals(httpPort, portNumber(container, httpGet.path("port")), environment + " " + probe.getKey() + " port");
        }
        int startupBudget = container.path("startupProbe").path("periodSeconds").asInt(10)
                * container.path("startupProbe").path("failureThreshold").asInt(3);
        assertTrue(startupBudget >= 30, "the startup probe gives the JVM " + startupBudget + " s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void containerPortsAreTheApplicationsPorts(String environment) {
        Map<String, Integer> ports = effectivePorts(environment);
        JsonNode rollout = rollout(environment);
        boolean hostNetwork = rollout.at("/spec/template/spec/hostNetwork").asBoolean(false);
        Map<String, String> protocols = Map.of("http", "TCP", "rtsp", "TCP", "webrtc", "UDP");
        for (JsonNode port : gatewayContainer(rollout).path("ports")) {
            String name = port.path("name").asText();
            assertTrue(ports.containsKey(name), "unexpected container port " + name);
            assertEquals(ports.get(name).intValue(), port.path("containerPort").asInt(), environment + " port " + name);
            assertEquals(protocols.get(name), port.path("protocol").asText("TCP"), environment + " protocol of " + name);
            if (hostNetwork) {
                assertEquals(port.path("containerPort").asInt(), port.path("hostPort").asInt(), "host network: hostPort of " + name);
            }
        }
        assertEquals(ports.keySet(), names(gatewayContainer(rollout).path("ports")), environment + ": every port declared");
        assertEquals(String.valueOf(ports.get("http")),
                rollout.at("/spec/template/metadata/annotations").path("prometheus.io/port").asText(), "scrape port");
        for (JsonNode service : resourcesOfKind(environment, "Service")) {
            for (JsonNode port : service.at("/spec/ports")) {
                assertTrue(ports.containsValue(port.path("targetPort").asInt()),
                        service.at("/metadata/name").asText() + " targets " + port.path("targetPort"));
                assertEquals("TCP", port.path("protocol").asText("TCP"), "Services carry HTTP and RTSP only");
            }
        }
    }

    @Test
    void theImageRunsJavaWithTheProductionFlagsFile() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.contains("COPY src/main/jvm/production.args /deployments/production.args"), "flags file copied");
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+(.+)$").matcher(dockerfile);
        assertTrue(entrypoint.find(), "ENTRYPOINT");
        String command = entrypoint.group(1);
        assertTrue(command.contains("exec java @/deployments/production.args $JAVA_OPTS $JAVA_OPTS_APPEND -jar"), command);
        assertTrue(Files.readAllLines(Path.of(".dockerignore")).contains("!src/main/jvm/production.args"),
                "the build context includes the flags file");
        List<String> flags = Files.readAllLines(Path.of("src/main/jvm/production.args")).stream()
                .map(String::trim).filter(l -> !l.isEmpty()).toList();
        assertTrue(flags.stream().allMatch(f -> f.startsWith("-")), flags.toString());
        assertTrue(flags.contains("-XX:+UseSerialGC") && flags.contains("-XX:+ExitOnOutOfMemoryError"), flags.toString());
        assertTrue(flags.stream().anyMatch(f -> f.startsWith("-Xmx")), "an explicit heap bound: " + flags);
        assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:MaxDirectMemorySize=")), "a direct memory bound: " + flags);
    }

    @Test
    void theImageExposesTheDefaultPortsAndRunsAsTheManifestsUser() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        Map<String, Integer> defaults = defaultPorts();
        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(dockerfile);
        assertTrue(expose.find(), "Dockerfile.jvm has no EXPOSE");
        Set<String> exposed = Set.of(expose.group(1).trim().split("\\s+"));
        assertEquals(Set.of(defaults.get("http") + "/tcp", defaults.get("rtsp") + "/tcp", defaults.get("webrtc") + "/udp"), exposed);
        assertTrue(dockerfile.contains("ARG BASE_IMAGE"), "BASE_IMAGE build argument");

        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(dockerfile);
        assertTrue(user.find(), "numeric USER");
        int uid = Integer.parseInt(user.group(1));
        assertTrue(uid != 0, "non-root image user");
        for (String environment : List.of("staging", "production")) {
            JsonNode podSecurity = rollout(environment).at("/spec/template/spec/securityContext");
            assertTrue(podSecurity.path("runAsNonRoot").asBoolean(), environment + " runAsNonRoot");
            assertEquals(uid, podSecurity.path("runAsUser").asInt(), environment + " runAsUser is the image's user");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyEnvironmentVariableIsAConfigKeyOrReadByTheImage(String environment) throws IOException {
        Set<String> imageVariables = dockerfileEnvNames();
        List<String> unknown = new ArrayList<>();
        for (String name : environment(environment).keySet()) {
            if (!KEYS.matchesEnvironmentName(name) && !imageVariables.contains(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, environment + ": environment variables that no config key or the image reads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theEnvironmentOfEachOverlayIsAValidGatewayConfiguration(String environment) {
        Map<String, String> env = new LinkedHashMap<>(environment(environment));
        env.replaceAll((name, value) -> value.startsWith("fieldRef:") ? "127.0.0.1" : value); // downward API value
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GatewayConfig.class)
                .withSources(new EnvConfigSource(env, 300))
                .build();
        GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
        assertEquals(effectivePorts(environment).get("rtsp"), gateway.rtsp().port());
        assertEquals(effectivePorts(environment).get("webrtc"), gateway.webrtc().udpPort());
        assertTrue(gateway.webrtc().hosts().isPresent(), "advertised address set");
        if (environment.equals("staging")) {
            assertTrue(gateway.streams().containsKey("demo"), "staging's demo stream: " + gateway.streams().keySet());
            assertEquals("publisher", gateway.streams().get("demo").source(), "staging's demo stream");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theAdvertisedAddressComesFromTheDownwardApi(String environment) {
        JsonNode rollout = rollout(environment);
        JsonNode hosts = null;
        for (JsonNode variable : gatewayContainer(rollout).path("env")) {
            if (variable.path("name").asText().equals(ConfigKeyCatalog.environmentName("rtcgate.webrtc.hosts"))) {
                hosts = variable;
            }
        }
        assertNotNull(hosts, "RTCGATE_WEBRTC_HOSTS set on the container");
        String field = hosts.at("/valueFrom/fieldRef/fieldPath").asText();
        assertTrue(Set.of("status.hostIP", "status.podIP").contains(field), "downward API field " + field);
        if (field.equals("status.hostIP")) {
            // The node's address reaches the pod's UDP port only on the host network (or through a hostPort).
            JsonNode udp = null;
            for (JsonNode port : gatewayContainer(rollout).path("ports")) {
                if (port.path("protocol").asText().equals("UDP")) {
                    udp = port;
                }
            }
            assertNotNull(udp, "a UDP container port");
            assertTrue(rollout.at("/spec/template/spec/hostNetwork").asBoolean(false) || udp.has("hostPort"),
                    "status.hostIP advertised but the UDP port is not on the host");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theGracePeriodOutlastsTheDrainTimeout(String environment) {
        Duration drain = defaultDrainTimeout();
        String override = environment(environment).get(ConfigKeyCatalog.environmentName("rtcgate.drain-timeout"));
        if (override != null) {
            drain = new DurationConverter().convert(override);
        }
        long grace = rollout(environment).at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
        assertTrue(grace >= drain.toSeconds() + 10,
                environment + ": grace period " + grace + " s leaves no margin after a drain of " + drain.toSeconds() + " s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theCanaryIsGatedByTheAnalysisOnLossAndCpu(String environment) {
        JsonNode canary = rollout(environment).at("/spec/strategy/canary");
        assertTrue(canary.isObject(), "canary strategy");
        boolean weights = false;
        boolean pauses = false;
        for (JsonNode step : canary.path("steps")) {
            weights |= step.has("setWeight");
            pauses |= step.has("pause");
        }
        assertTrue(weights && pauses, environment + ": canary steps with setWeight and pause");

        Set<String> services = new LinkedHashSet<>();
        resourcesOfKind(environment, "Service").forEach(s -> services.add(s.at("/metadata/name").asText()));
        assertTrue(services.contains(canary.path("canaryService").asText()), "canaryService exists");
        assertTrue(services.contains(canary.path("stableService").asText()), "stableService exists");

        Map<String, JsonNode> templates = new LinkedHashMap<>();
        resourcesOfKind(environment, "AnalysisTemplate").forEach(t -> templates.put(t.at("/metadata/name").asText(), t));
        List<JsonNode> analyses = new ArrayList<>();
        if (canary.has("analysis")) {
            analyses.add(canary.path("analysis"));
        }
        canary.path("steps").forEach(step -> {
            if (step.has("analysis")) {
                analyses.add(step.path("analysis"));
            }
        });
        assertFalse(analyses.isEmpty(), environment + ": the canary runs an analysis");
        Set<String> queried = new LinkedHashSet<>();
        for (JsonNode analysis : analyses) {
            Set<String> passed = names(analysis.path("args"));
            for (JsonNode reference : analysis.path("templates")) {
                JsonNode template = templates.get(reference.path("templateName").asText());
                assertNotNull(template, "AnalysisTemplate " + reference.path("templateName").asText());
                for (JsonNode arg : template.at("/spec/args")) {
                    assertTrue(arg.has("value") || passed.contains(arg.path("name").asText()),
                            "argument " + arg.path("name").asText() + " has no value and the Rollout passes none");
                }
                for (JsonNode metric : template.at("/spec/metrics")) {
                    String query = metric.at("/provider/prometheus/query").asText();
                    assertTrue(query.contains("{{args.canary-hash}}"), metric.path("name") + " looks at the canary only");
                    Matcher name = Pattern.compile("([a-z_][a-z0-9_]*)\\{").matcher(query);
                    while (name.find()) {
                        queried.add(name.group(1));
                    }
                    assertFalse(metric.path("successCondition").asText().isEmpty(), metric.path("name") + " condition");
                }
            }
        }
        assertEquals(CANARY_METRICS, queried, "metrics the canary analysis reads");
    }

    // ---------------------------------------------------------------- the application's side

    /** HTTP, RTSP and WebRTC UDP ports as the application defaults them (application.properties, GatewayConfig). */
    private static Map<String, Integer> defaultPorts() {
        Properties properties = new Properties();
        try (InputStream in = DeployManifestsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http", Integer.parseInt(properties.getProperty("quarkus.http.port", "8080")));
        ports.put("rtsp", Integer.parseInt(defaultOf(GatewayConfig.Rtsp.class, "port").orElseThrow()));
        ports.put("webrtc", Integer.parseInt(defaultOf(GatewayConfig.WebRtc.class, "udpPort").orElseThrow()));
        assertEquals(Map.of("http", 8889, "rtsp", 8554, "webrtc", 8189), ports, "the documented defaults");
        return ports;
    }

    /** The ports an environment runs with: the defaults, overridden by its config map / container environment. */
    private static Map<String, Integer> effectivePorts(String environment) {
        Map<String, Integer> ports = defaultPorts();
        Map<String, String> env = environment(environment);
        Map<String, String> keys = Map.of("http", "quarkus.http.port", "rtsp", "rtcgate.rtsp.port", "webrtc", "rtcgate.webrtc.udp-port");
        keys.forEach((name, key) -> {
            String value = env.get(ConfigKeyCatalog.environmentName(key));
            if (value != null) {
                ports.put(name, Integer.parseInt(value.trim()));
            }
        });
        return ports;
    }

    private static Duration defaultDrainTimeout() {
        return defaultOf(GatewayConfig.class, "drainTimeout").map(d -> new DurationConverter().convert(d))
                .orElseThrow(() -> new AssertionError("GatewayConfig.drainTimeout() has no @WithDefault"));
    }

    private static Optional<String> defaultOf(Class<?> group, String method) {
        try {
            WithDefault withDefault = group.getMethod(method).getAnnotation(WithDefault.class);
            return Optional.ofNullable(withDefault).map(WithDefault::value);
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static Set<String> dockerfileEnvNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
        Matcher env = Pattern.compile("(?m)^ENV\\s+(.*)$").matcher(dockerfile);
        while (env.find()) {
            Matcher assignment = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=").matcher(env.group(1));
            while (assignment.find()) {
                names.add(assignment.group(1));
            }
        }
        assertTrue(names.contains("JAVA_OPTS_APPEND"), names.toString());
        return names;
    }

    // ---------------------------------------------------------------- reading deploy/

    private static Path overlay(String environment) {
        return DEPLOY.resolve("overlays").resolve(environment);
    }

    /**
     * The container environment of an overlay: the config map (base generator, merged with the overlay's literals and
     * env files as kustomize's {@code behavior: merge} does) and then the container's own {@code env} entries, whose
     * downward API values are shown as {@code fieldRef:<path>}.
     */
    private static Map<String, String> environment(String environment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Path dir : List.of(BASE, overlay(environment))) {
            for (JsonNode generator : single(dir.resolve("kustomization.yaml")).path("configMapGenerator")) {
                for (JsonNode file : generator.path("envs")) {
                    try {
                        for (String line : Files.readAllLines(dir.resolve(file.asText()))) {
                            putAssignment(env, line);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                generator.path("literals").forEach(literal -> putAssignment(env, literal.asText()));
            }
        }
        JsonNode container = gatewayContainer(rollout(environment));
        for (JsonNode from : container.path("envFrom")) {
            assertEquals("rtcgate-config", from.at("/configMapRef/name").asText(), "the container reads the generated config map");
        }
        for (JsonNode variable : container.path("env")) {
            String value = variable.has("value") ? variable.path("value").asText()
                    : "fieldRef:" + variable.at("/valueFrom/fieldRef/fieldPath").asText();
            env.put(variable.path("name").asText(), value);
        }
        return env;
    }

    private static void putAssignment(Map<String, String> env, String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        int equals = trimmed.indexOf('=');
        if (equals <= 0) {
            fail("not NAME=value: " + line);
        }
        env.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
    }

    /** The overlay's Rollout: the base's with the overlay's JSON patches (RFC 6902 replace/add) applied. */
    private static JsonNode rollout(String environment) {
        List<JsonNode> rollouts = resourcesOfKind(environment, "Rollout");
        assertEquals(1, rollouts.size(), environment + ": one Rollout");
        ObjectNode rollout = (ObjectNode) rollouts.get(0).deepCopy();
        for (JsonNode patch : single(overlay(environment).resolve("kustomization.yaml")).path("patches")) {
            if (!patch.at("/target/kind").asText().equals("Rollout")) {
                continue;
            }
            try {
                for (JsonNode operation : YAML.readTree(patch.path("patch").asText())) {
                    applyJsonPatch(rollout, operation, environment);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rollout;
    }

    private static void applyJsonPatch(ObjectNode document, JsonNode operation, String environment) {
        String op = operation.path("op").asText();
        String path = operation.path("path").asText();
        int slash = path.lastIndexOf('/');
        JsonNode parent = document.at(path.substring(0, slash));
        String last = path.substring(slash + 1);
        assertTrue(parent.isContainerNode(), environment + ": patch path " + path + " has no parent in the base");
        if (op.equals("replace")) {
            assertFalse(document.at(path).isMissingNode(), environment + ": replace of " + path + ", which the base lacks");
        } else if (!op.equals("add")) {
            fail(environment + ": patch op " + op + " not understood by this test");
        }
        if (parent instanceof ObjectNode object) {
            object.set(last, operation.path("value"));
        } else if (last.equals("-")) {
            ((ArrayNode) parent).add(operation.path("value"));
        } else if (op.equals("replace")) {
            ((ArrayNode) parent).set(Integer.parseInt(last), operation.path("value"));
        } else {
            ((ArrayNode) parent).insert(Integer.parseInt(last), operation.path("value"));
        }
    }

    private static List<JsonNode> resourcesOfKind(String environment, String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode resource : resources(overlay(environment))) {
            if (resource.path("kind").asText().equals(kind)) {
                found.add(resource);
            }
        }
        return found;
    }

    /** Every manifest a kustomization directory includes, following directory resources (no transformation). */
    private static List<JsonNode> resources(Path dir) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode entry : single(dir.resolve("kustomization.yaml")).path("resources")) {
            Path resource = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                all.addAll(resources(resource));
            } else {
                all.addAll(documents(resource));
            }
        }
        return all;
    }

    private static JsonNode gatewayContainer(JsonNode rollout) {
        for (JsonNode container : rollout.at("/spec/template/spec/containers")) {
            if (container.path("name").asText().equals("rtcgate")) {
                return container;
            }
        }
        throw new AssertionError("no container named rtcgate");
    }

    private static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port.asText());
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new LinkedHashSet<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static JsonNode single(Path file) {
        List<JsonNode> documents = documents(file);
        assertEquals(1, documents.size(), file + ": one YAML document");
        return documents.get(0);
    }

    private static List<JsonNode> documents(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
