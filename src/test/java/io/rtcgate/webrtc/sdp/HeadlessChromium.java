package io.rtcgate.webrtc.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test helper: one headless Chromium process (the Debian package's binary, flags as in INTEROP.md) with a blank page,
 * driven over the Chrome DevTools Protocol ({@code Runtime.evaluate}) through the JDK's WebSocket client. Evaluates
 * JavaScript that may return a promise; results come back as JSON. {@link #close()} ends the process it started.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path DEFAULT_BINARY = Path.of("/usr/lib/chromium/chromium");
    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path userDataDir;
    private final List<String> stderrTail = new ArrayList<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket socket;

    HeadlessChromium(Path binary, List<String> extraFlags) throws Exception {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not there: install Debian's chromium (apt-get install -y "
                    + "chromium) or point -Drtcgate.chromium at a Chromium binary");
        }
        userDataDir = Files.createTempDirectory("rtcgate-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + userDataDir,
                "--remote-debugging-port=0"));
        command.addAll(extraFlags);
        command.add("about:blank");
        process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI browserUrl = readDevToolsUrl();
            URI pageUrl = pageWebSocket(browserUrl);
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(pageUrl, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Reads stderr until Chromium prints its DevTools URL; keeps draining stderr afterwards. */
    private URI readDevToolsUrl() throws Exception {
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = stderr.readLine()) != null) {
                    synchronized (stderrTail) {
                        stderrTail.add(line);
                        if (stderrTail.size() > 50) {
                            stderrTail.remove(0);
                        }
                    }
                    Matcher matcher = DEVTOOLS_URL.matcher(line);
                    if (matcher.find()) {
                        url.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited before printing its DevTools URL: "
                    + stderrTail()));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private URI pageWebSocket(URI browserUrl) throws Exception {
        URI list = URI.create("http://" + browserUrl.getHost() + ":" + browserUrl.getPort() + "/json/list");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(list)
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : json.readTree(response.body())) {
            if ("page".equals(target.path("type").asText())) {
                return URI.create(target.path("webSocketDebuggerUrl").asText());
            }
        }
        throw new IllegalStateException("no page target in " + response.body());
    }

    /**
     * Evaluates an expression (awaiting a returned promise) and returns its value as JSON.
     *
     * @throws IllegalStateException with the JavaScript exception text when the expression throws or rejects
     */
    JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = json.createObjectNode();
        params.put("expression", expression);
        params.put("awaitPromise", true);
        params.put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            String description = details.path("exception").path("description").asText(details.path("text").asText());
            throw new IllegalStateException("JavaScript failed: " + description);
        }
        return result.path("result").path("value");
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = json.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params);
        socket.sendText(json.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    ObjectMapper json() {
        return json;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(userDataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = json.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> waiting = pending.remove(message.get("id").asInt());
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
