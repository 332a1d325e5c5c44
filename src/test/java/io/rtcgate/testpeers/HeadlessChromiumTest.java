package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test driver itself against a tiny JDK HTTP server: tabs load pages, evaluate (promises awaited), keep console
 * output, a closed tab runs its {@code pagehide} handler (the player's DELETE relies on it), and closing the browser
 * leaves no process behind.
 */
@Timeout(90)
class HeadlessChromiumTest {

    private static final String PAGE = "<!doctype html><title>t</title><script>"
            + "window.addEventListener('pagehide', () => fetch('/gone?' + location.search.slice(1),"
            + " {method: 'DELETE', keepalive: true}));"
            + "console.log('loaded', location.search);"
            + "</script>";

    private HttpServer server;
    private final BlockingQueue<String> deletes = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if ("DELETE".equals(exchange.getRequestMethod())) {
                deletes.add(exchange.getRequestURI().getQuery());
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI page(String query) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page?" + query);
    }

    @Test
    void tabsEvaluateIndependentlyAndAClosedTabRunsPagehide() throws Exception {
        List<ProcessHandle> processes;
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            HeadlessChromium.Tab first = chromium.open(page("first"));
            HeadlessChromium.Tab second = chromium.open(page("second"));
            assertEquals(2, chromium.tabs().size());

            assertEquals("?first", first.evaluate("location.search").asText());
            assertEquals("?second", second.evaluate("location.search").asText());
            assertEquals(42, first.evaluate("new Promise(r => setTimeout(() => r(40 + 2), 50))").asInt());
            assertEquals("b", second.evaluate("({a: [1, 'b']}).a[1]").asText());
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> first.evaluate("Promise.reject(new Error('nope'))"));
            assertTrue(thrown.getMessage().contains("nope"), thrown.getMessage());
            assertTrue(first.consoleTail().contains("log: loaded ?first"), first.consoleTail());

            second.close();
            assertEquals("second", deletes.poll(10, TimeUnit.SECONDS), "pagehide's keepalive DELETE of the closed tab");
            assertEquals(1, chromium.tabs().size());
            assertEquals("?first", first.evaluate("location.search").asText(), "the other tab lives on");
            processes = java.util.stream.Stream.concat(java.util.stream.Stream.of(chromium.processHandle()),
                    chromium.processHandle().descendants()).toList();
            assertTrue(processes.size() > 1, "browser plus renderer/helper processes: " + processes);
        }
        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), () -> "still running after close(): " + process.info());
        }
    }
}
