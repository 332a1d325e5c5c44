package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtcgate.testpeers.HeadlessChromium;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The player page behind reader credentials in a real browser: Chromium opens {@code http://user:password@host/cam1/}
 * (as a user would after the login prompt), the page loads, and its WHEP POST carries the credentials, so the gateway
 * creates a session for the (offline, configured) stream.
 */
@QuarkusTest
@TestProfile(ReaderCredentialsQuarkusTest.Credentials.class)
@Timeout(120)
class ReaderCredentialsChromiumTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    WebRtcGateway gateway;

    @Test
    void thePlayerPageWorksWithCredentialsInTheUrl() throws Exception {
        URI page = URI.create("http://" + ReaderCredentialsQuarkusTest.USER + ":" + ReaderCredentialsQuarkusTest.PASSWORD
                + "@" + base.getHost() + ":" + base.getPort() + "/cam1/");
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            HeadlessChromium.Tab tab = chromium.openBlank();
            tab.navigate(page);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (gateway.sessions().stream().noneMatch(s -> s.egress.stream().name().equals("cam1"))) {
                assertTrue(System.nanoTime() < deadline, "no WHEP session from the page; state " + tab.playerState()
                        + ", console:\n" + tab.consoleTail());
                Thread.sleep(100);
            }
            // (Chromium's first requests go without credentials and meet the 401 challenge, so readersUnauthorized grows;
            // a WHEP POST without credentials would get 401 on every retry and never make a session.)
            tab.evaluate("window.dispatchEvent(new Event('pagehide'))");
        }
    }
}
