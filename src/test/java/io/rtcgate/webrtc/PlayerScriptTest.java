package io.rtcgate.webrtc;

import io.rtcgate.testsupport.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rtcgate.testpeers.HeadlessChromium;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The player script in Chromium without the gateway's WebRTC engine: a JDK HTTP server serves the player page
 * ({@link PlayerPages}) and {@code /assets/} from the class path, and answers {@code POST /cam/whep} by handing the
 * offer to a second tab, a Chromium peer that sends a canvas as video. What the player does with a WHEP server is
 * checked on its end results: it plays and reports stats, DELETEs its session on pagehide, retries after an HTTP
 * error, and reconnects with a new session when the server closes the old one.
 */
@Timeout(120)
class PlayerScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static HeadlessChromium chromium;
    private static HeadlessChromium.Tab sender;
    private static HttpServer server;
    private static ExecutorService httpThreads;

    private static final List<String> offers = new CopyOnWriteArrayList<>();
    /** Session ids DELETEd; a test looks for its own (a previous test's tab may DELETE late). */
    private static final Set<String> deletedSessions = ConcurrentHashMap.newKeySet();
    private static final Queue<Integer> scriptedFailures = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger sessionIds = new AtomicInteger();

    private HeadlessChromium.Tab player;

    @BeforeAll
    static void start() throws Exception {
        chromium = HeadlessChromium.launch();
        sender = chromium.openBlank();
        sender.evaluate(SENDER_SCRIPT);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        httpThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(httpThreads);
        server.createContext("/", PlayerScriptTest::handle);
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
            httpThreads.shutdownNow();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void reset() {
        offers.clear();
        deletedSessions.clear();
        scriptedFailures.clear();
    }

    @AfterEach
    void closePlayer() throws Exception {
        if (player != null) {
            player.close();
        }
    }

    @Test
    void playsPostsARecvonlyOfferWithCandidatesAndReportsStats() throws Exception {
        player = chromium.open(playerUrl());
        JsonNode stats = awaitFirstFrameStats(player);

        assertEquals(1, offers.size());
        String offer = offers.get(0);
        assertTrue(offer.contains("\r\nm=video ") && offer.contains("\r\nm=audio "), offer);
        assertEquals(2, offer.split("a=recvonly", -1).length - 1, "both transceivers recvonly: " + offer);
        assertTrue(offer.contains("a=candidate:"), "gathered candidates are in the offer: " + offer);

        assertEquals("playing", stats.path("state").asText(), stats.toString());
        assertTrue(stats.path("framesDecoded").asLong() > 0, stats.toString());
        assertTrue(stats.path("keyFramesDecoded").asLong() > 0, stats.toString());
        assertTrue(stats.path("frameWidth").asInt() > 0 && stats.path("frameHeight").asInt() > 0, stats.toString());
        assertTrue(stats.path("packetsReceived").asLong() > 0, stats.toString());
        assertTrue(stats.path("firstFrameMillis").asLong() > 0, stats.toString());
        assertEquals("connected", stats.path("dtlsState").asText(), stats.toString());
        assertTrue(stats.path("srtpCipher").asText().startsWith("SRTP_") || stats.path("srtpCipher").asText()
                .startsWith("AEAD_"), stats.toString());
        assertTrue(stats.path("dtlsCipher").asText().startsWith("TLS_"), stats.toString());
        assertTrue(List.of("client", "server").contains(stats.path("dtlsRole").asText()), stats.toString());
        assertTrue(List.of("connected", "completed").contains(stats.path("iceState").asText()), stats.toString());
        for (String field : List.of("framesDropped", "packetsLost", "nackCount", "pliCount", "firCount", "tlsVersion")) {
            assertTrue(stats.has(field), field + " missing: " + stats);
        }
        assertEquals("playing", player.evaluate("document.getElementById('state').textContent").asText());

        String session = player.evaluate("rtcgate.sessionUrl").asText();
        assertTrue(session.matches("http://127\\.0\\.0\\.1:\\d+/cam/whep/s\\d+"), session);
        player.close();
        String id = session.substring(session.lastIndexOf('/') + 1);
        assertTrue(await(() -> deletedSessions.contains(id)), "pagehide DELETEs the session at its Location: "
                + deletedSessions);
        player = null;
    }

    @Test
    void retriesAfterAnHttpErrorAndShowsIt() throws Exception {
        scriptedFailures.add(503);
        player = chromium.open(playerUrl());
        JsonNode stats = awaitFirstFrameStats(player);
        assertEquals(2, offers.size(), "one refused POST, one answered");
        assertEquals(2, stats.path("attempts").asInt(), stats.toString());
        assertEquals("playing", stats.path("state").asText(), stats.toString());
        assertFalse(player.consoleTail().contains("uncaught"), player.consoleTail());
    }

    @Test
    void reconnectsWithANewSessionWhenTheServerClosesTheOldOne() throws Exception {
        player = chromium.open(playerUrl());
        awaitFirstFrameStats(player);
        String firstSession = player.evaluate("rtcgate.sessionUrl").asText();
        String firstId = firstSession.substring(firstSession.lastIndexOf('/') + 1);

        sender.evaluate("window.senders[" + chromium.jsString(firstId) + "].close()");

        assertTrue(await(() -> deletedSessions.contains(firstId)), "the player gives up the closed session: "
                + deletedSessions);
        assertTrue(await(() -> offers.size() == 2 && "playing".equals(state(player))),
                () -> "no second session playing: offers=" + offers.size() + " state=" + state(player));
        String secondSession = evaluateText(player, "rtcgate.sessionUrl");
        assertNotNull(secondSession);
        assertNotEquals(firstSession, secondSession);
        assertEquals("2", evaluateText(player, "String(rtcgate.attempts)"), player.consoleTail());
    }

    private static JsonNode awaitFirstFrameStats(HeadlessChromium.Tab tab) throws IOException {
        tab.evaluate("Promise.race([rtcgate.firstFrame, new Promise((_, reject) => setTimeout(() => "
                + "reject(new Error('no frame decoded: ' + rtcgate.state + ' ' + rtcgate.error)), "
                + WAIT.toMillis() + "))])");
        return tab.playerStats();
    }

    private static String state(HeadlessChromium.Tab tab) {
        return evaluateText(tab, "rtcgate.state");
    }

    private static String evaluateText(HeadlessChromium.Tab tab, String expression) {
        try {
            return tab.evaluate(expression).asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        return Poll.within(WAIT, condition);
    }

    private static URI playerUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cam/");
    }

    // ---- the stand-in WHEP server ----

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "/cam/".equals(path)) {
                respond(exchange, 200, "text/html; charset=utf-8", new PlayerPages().player("cam"));
            } else if ("GET".equals(method) && path.startsWith("/assets/") && !path.contains("..")) {
                try (InputStream in = PlayerScriptTest.class.getResourceAsStream("/META-INF/resources" + path)) {
                    if (in == null) {
                        respond(exchange, 404, "text/plain", "no such asset");
                    } else {
                        String type = path.endsWith(".js") ? "text/javascript" : "text/css";
                        respond(exchange, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            } else if ("POST".equals(method) && "/cam/whep".equals(path)) {
                whepPost(exchange);
            } else if ("DELETE".equals(method) && path.startsWith("/cam/whep/")) {
                deletedSessions.add(path.substring("/cam/whep/".length()));
                exchange.sendResponseHeaders(200, -1);
            } else {
                respond(exchange, 404, "text/plain", "not here");
            }
        }
    }

    private static void whepPost(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String offer = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        offers.add(offer);
        if (!"application/sdp".equals(contentType)) {
            respond(exchange, 415, "text/plain", "Content-Type must be application/sdp, was " + contentType);
            return;
        }
        Integer failure = scriptedFailures.poll();
        if (failure != null) {
            exchange.getResponseHeaders().add("Retry-After", "0");
            respond(exchange, failure, "text/plain", "scripted failure");
            return;
        }
        String id = "s" + sessionIds.incrementAndGet();
        String answer = sender.evaluate("window.answer(" + chromium.jsString(id) + ", "
                + chromium.jsString(offer) + ")").asText();
        exchange.getResponseHeaders().add("Location", "/cam/whep/" + id);
        respond(exchange, 201, "application/sdp", answer);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The sending peer: answers a recvonly offer with a canvas as video, the audio m-line inactive. */
    private static final String SENDER_SCRIPT = """
            (() => {
              const canvas = document.createElement('canvas');
              canvas.width = 320; canvas.height = 180;
              document.body.appendChild(canvas);
              const g = canvas.getContext('2d');
              let n = 0;
              setInterval(() => {
                n++;
                g.fillStyle = 'hsl(' + (n * 7 % 360) + ', 70%, 50%)';
                g.fillRect(0, 0, canvas.width, canvas.height);
                g.fillStyle = '#fff';
                g.fillText(String(n), 10, 20);
              }, 33);
              const track = canvas.captureStream(30).getVideoTracks()[0];
              window.senders = {};
              window.answer = async (id, offer) => {
                const pc = new RTCPeerConnection();
                await pc.setRemoteDescription({ type: 'offer', sdp: offer });
                for (const t of pc.getTransceivers()) {
                  if (t.receiver.track.kind === 'video') {
                    await t.sender.replaceTrack(track);
                    t.direction = 'sendonly';
                  } else {
                    t.direction = 'inactive';
                  }
                }
                await pc.setLocalDescription(await pc.createAnswer());
                await new Promise((done) => {
                  if (pc.iceGatheringState === 'complete') return done();
                  pc.addEventListener('icegatheringstatechange', () => {
                    if (pc.iceGatheringState === 'complete') done();
                  });
                  setTimeout(done, 2000);
                });
                window.senders[id] = pc;
                return pc.localDescription.sdp;
              };
              return true;
            })()
            """;
}
