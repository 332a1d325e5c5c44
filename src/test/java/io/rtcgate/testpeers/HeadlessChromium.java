package io.rtcgate.testpeers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium for tests (Debian's binary, flags as in INTEROP.md), driven over the Chrome DevTools Protocol
 * through the JDK's WebSocket client: one browser-level connection, one flattened CDP session per {@link Tab}.
 * A test opens pages (several tabs = several viewers), evaluates JavaScript (a returned promise is awaited, the value
 * comes back as JSON), reads the player's {@code window.rtcgate.stats()}, closes tabs, and {@link #close()}s the lot.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.launch()) {
 *     HeadlessChromium.Tab viewer = chromium.open(URI.create("http://127.0.0.1:8889/cam1/"));
 *     JsonNode stats = viewer.playerStats();
 *     viewer.close();
 * }
 * }</pre>
 *
 * Safe to use from several threads (e.g. a test thread and an HTTP handler driving another tab).
 * Each browser gets a fresh {@code --user-data-dir} under {@code target/chromium-profiles/}, deleted on close.
 * {@link #close()} is bounded: {@code Browser.close}, then SIGTERM/SIGKILL of the process tree (renderers, zygote).
 * The binary is {@code /usr/lib/chromium/chromium} unless {@code -Drtcgate.chromium=/path} says otherwise; without
 * it, {@link #launch()} fails with the reason (install Debian's {@code chromium}) rather than the test being skipped.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path DEFAULT_BINARY = Path.of("/usr/lib/chromium/chromium");

    /** The flags plus plain host candidates instead of mDNS names (INTEROP.md). */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required", "--disable-features=WebRtcHideLocalIpsWithMdns");

    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final int LOG_LINES = 60;
    private static final AtomicLong PROFILES = new AtomicLong();

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path userDataDir;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Tab> tabsBySession = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Object sendLock = new Object();
    private final WebSocket socket;
    private volatile boolean closed;

    private HeadlessChromium(Path binary, List<String> extraFlags) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not there: install Debian's chromium (apt-get install -y "
                    + "chromium) or point -Drtcgate.chromium at a Chromium binary");
        }
        Path profiles = PeerProcesses.projectDir().resolve("target/chromium-profiles");
        Files.createDirectories(profiles);
        userDataDir = Files.createDirectory(profiles.resolve(
                "profile-" + ProcessHandle.current().pid() + "-" + PROFILES.incrementAndGet() + "-" + System.nanoTime()));
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + userDataDir);
        command.add("--remote-debugging-port=0");
        command.addAll(extraFlags);
        command.add("about:blank");
        process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI browserUrl = readDevToolsUrl();
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(START_TIMEOUT)
                    .buildAsync(browserUrl, new Listener()).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            stopProcessAndDeleteProfile();
            throw new IOException("Chromium did not start: " + e + "\n" + stderrTail(), e);
        }
    }

    /** Starts the default binary (or {@code -Drtcgate.chromium}) with {@link #FLAGS}. */
    public static HeadlessChromium launch() throws IOException {
        return launch(List.of());
    }

    /** As {@link #launch()} with extra command-line flags after {@link #FLAGS}. */
    public static HeadlessChromium launch(List<String> extraFlags) throws IOException {
        return new HeadlessChromium(Path.of(System.getProperty("rtcgate.chromium", DEFAULT_BINARY.toString())),
                extraFlags);
    }

    /** Reads stderr until Chromium prints its DevTools URL; keeps draining (and keeping the tail of) stderr after. */
    private URI readDevToolsUrl() throws Exception {
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = stderr.readLine()) != null) {
                    remember(line);
                    Matcher matcher = DEVTOOLS_URL.matcher(line);
                    if (matcher.find()) {
                        url.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited before printing its DevTools URL"));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void remember(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            if (stderrTail.size() > LOG_LINES) {
                stderrTail.removeFirst();
            }
        }
    }

    /**
     * Opens a new tab on {@code url} and returns once its document has loaded ({@code readyState == 'complete'}).
     * Console output and uncaught exceptions of the page are kept for {@link Tab#consoleTail()}.
     */
    public Tab open(URI url) throws IOException {
        ObjectNode create = json.createObjectNode().put("url", "about:blank");
        String targetId = call(null, "Target.createTarget", create).path("targetId").asText();
        ObjectNode attach = json.createObjectNode().put("targetId", targetId).put("flatten", true);
        String sessionId = call(null, "Target.attachToTarget", attach).path("sessionId").asText();
        Tab tab = new Tab(targetId, sessionId);
        tabsBySession.put(sessionId, tab);
        call(sessionId, "Runtime.enable", json.createObjectNode());
        tab.navigate(url);
        return tab;
    }

    /** A tab on {@code about:blank}, for scripts that need no page of their own. */
    public Tab openBlank() throws IOException {
        return open(URI.create("about:blank"));
    }

    /** The tabs opened through {@link #open} and not closed yet. */
    public List<Tab> tabs() {
        return List.copyOf(tabsBySession.values());
    }

    /** The JSON mapper used for results; handy to quote Java strings as JavaScript literals. */
    public ObjectMapper json() {
        return json;
    }

    /** A JavaScript string literal for {@code text}. */
    public String jsString(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines Chromium wrote to stderr. */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The browser process (its renderers and helpers are its descendants). */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** One CDP command (browser-level when {@code sessionId} is null); returns its {@code result}. */
    private JsonNode call(String sessionId, String method, ObjectNode params) throws IOException {
        if (closed) {
            throw new IOException("Chromium is closed");
        }
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = json.createObjectNode();
        message.put("id", id);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        message.put("method", method);
        message.set("params", params);
        JsonNode response;
        try {
            String text = json.writeValueAsString(message);
            synchronized (sendLock) { // the JDK WebSocket refuses a send while another is outstanding
                socket.sendText(text, true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            response = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + " got no answer within " + CALL_TIMEOUT.toSeconds() + " s: " + e
                    + (process.isAlive() ? "" : " (Chromium exited)\n" + stderrTail()), e);
        } finally {
            pending.remove(id);
        }
        if (response.has("error")) {
            throw new IOException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /**
     * Closes the browser: {@code Browser.close}, then SIGTERM to the process tree, SIGKILL after a grace period,
     * then deletes the profile directory. Safe to call twice.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        // Snapshot the tree first: once the browser exits, its helpers are re-parented and no longer its descendants.
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            synchronized (sendLock) {
                socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\",\"params\":{}}",
                        true).get(2, TimeUnit.SECONDS);
            }
            PeerProcesses.waitFor(process, Duration.ofSeconds(2));
        } catch (Exception e) {
            // the browser may already be gone; the process tree is stopped below either way
        }
        closed = true;
        socket.abort();
        stopTree(tree);
        deleteProfile();
    }

    private void stopProcessAndDeleteProfile() {
        closed = true;
        stopTree(process.descendants().toList());
        deleteProfile();
    }

    /** SIGTERM to the browser and {@code tree}, then SIGKILL to whatever is still running after the grace period. */
    private void stopTree(List<ProcessHandle> tree) {
        List<ProcessHandle> all = new ArrayList<>(tree);
        all.addAll(process.descendants().filter(p -> !tree.contains(p)).toList());
        process.destroy();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        if (!PeerProcesses.waitFor(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            process.destroyForcibly();
            PeerProcesses.waitFor(process, STOP_GRACE);
        }
        IOException failed = new IOException("pending CDP call: Chromium closed");
        pending.values().forEach(f -> f.completeExceptionally(failed));
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(userDataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover profile under target/ is harmless
        }
    }

    /** One page target with its own flattened CDP session. */
    public final class Tab implements AutoCloseable {
        private final String targetId;
        private final String sessionId;
        private final Deque<String> console = new ArrayDeque<>();
        private volatile boolean tabClosed;

        private Tab(String targetId, String sessionId) {
            this.targetId = targetId;
            this.sessionId = sessionId;
        }

        /** Navigates this tab and waits for the new document's load to complete. */
        public void navigate(URI url) throws IOException {
            JsonNode result = call(sessionId, "Page.navigate", json.createObjectNode().put("url", url.toString()));
            if (result.hasNonNull("errorText") && !result.path("errorText").asText().isEmpty()) {
                throw new IOException("navigation to " + url + " failed: " + result.path("errorText").asText());
            }
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (!evaluate("document.readyState === 'complete' && location.href !== 'about:blank' "
                    + "|| " + jsString(url.toString()) + " === 'about:blank'").asBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("page " + url + " did not finish loading; console:\n" + consoleTail());
                }
                sleep(Duration.ofMillis(20));
            }
        }

        /**
         * Evaluates an expression in the page, awaiting a returned promise, and returns its value as JSON
         * ({@code returnByValue}: objects and arrays come back as JSON, {@code undefined} as a missing node).
         *
         * @throws IllegalStateException with the JavaScript exception text when the expression throws or rejects
         */
        public JsonNode evaluate(String expression) throws IOException {
            ObjectNode params = json.createObjectNode();
            params.put("expression", expression);
            params.put("awaitPromise", true);
            params.put("returnByValue", true);
            JsonNode result = call(sessionId, "Runtime.evaluate", params);
            if (result.has("exceptionDetails")) {
                JsonNode details = result.get("exceptionDetails");
                String description = details.path("exception").path("description")
                        .asText(details.path("text").asText());
                throw new IllegalStateException("JavaScript failed: " + description);
            }
            return result.path("result").path("value");
        }

        /** {@code await window.rtcgate.stats()} of the player page. */
        public JsonNode playerStats() throws IOException {
            return evaluate("window.rtcgate.stats()");
        }

        /** {@code window.rtcgate.state} of the player page. */
        public String playerState() throws IOException {
            return evaluate("window.rtcgate.state").asText();
        }

        /** The page's recent console messages and uncaught exceptions, oldest first. */
        public String consoleTail() {
            synchronized (console) {
                return String.join("\n", console);
            }
        }

        private void onEvent(String method, JsonNode params) {
            String line;
            if ("Runtime.consoleAPICalled".equals(method)) {
                StringBuilder text = new StringBuilder(params.path("type").asText()).append(':');
                for (JsonNode arg : params.path("args")) {
                    text.append(' ').append(arg.has("value") ? arg.get("value").asText()
                            : arg.path("description").asText(arg.path("type").asText()));
                }
                line = text.toString();
            } else if ("Runtime.exceptionThrown".equals(method)) {
                JsonNode details = params.path("exceptionDetails");
                line = "uncaught: " + details.path("exception").path("description").asText(details.path("text").asText());
            } else {
                return;
            }
            synchronized (console) {
                console.addLast(line);
                if (console.size() > LOG_LINES) {
                    console.removeFirst();
                }
            }
        }

        public boolean isClosed() {
            return tabClosed;
        }

        /**
         * Closes the tab as a user would ({@code Target.closeTarget}: the page gets {@code pagehide}/unload) and
         * returns once Chromium has confirmed it. Safe to call twice.
         */
        @Override
        public void close() throws IOException {
            if (tabClosed) {
                return;
            }
            tabClosed = true;
            tabsBySession.remove(sessionId);
            if (!closed) {
                call(null, "Target.closeTarget", json.createObjectNode().put("targetId", targetId));
            }
        }

        @Override
        public String toString() {
            return "Tab[" + targetId + "]";
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
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
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            JsonNode message;
            try {
                message = json.readTree(text);
            } catch (IOException e) {
                remember("unreadable CDP message: " + e.getMessage());
                return;
            }
            if (message.has("id")) {
                CompletableFuture<JsonNode> waiting = pending.get(message.get("id").asInt());
                if (waiting != null) {
                    waiting.complete(message);
                }
            } else if (message.has("sessionId")) {
                Tab tab = tabsBySession.get(message.get("sessionId").asText());
                if (tab != null) {
                    tab.onEvent(message.path("method").asText(), message.path("params"));
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            IOException gone = new IOException("DevTools connection closed: " + statusCode + " " + reason);
            pending.values().forEach(f -> f.completeExceptionally(gone));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
