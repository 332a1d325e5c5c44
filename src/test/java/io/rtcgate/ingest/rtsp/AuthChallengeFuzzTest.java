package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtcgate.ingest.rtsp.ServerAuthenticator.Result;
import io.rtcgate.ingest.rtsp.ServerAuthenticator.Status;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Any text as WWW-Authenticate values (one per line): parseAll succeeds within its limits or throws
 * RtspProtocolException; answering the parsed challenges never throws anything else. The same text as an
 * Authorization header: the server answers with a result, never OK, never an exception.
 */
class AuthChallengeFuzzTest {

    private static final ServerAuthenticator SERVER = new ServerAuthenticator("rtcgate", "user", "password",
            EnumSet.allOf(DigestAlgorithm.class), true, Clock.systemUTC(), Duration.ofMinutes(1));

    @FuzzTest(maxDuration = "10s")
    void parseAll(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<String> values = Arrays.asList(text.split("\n", -1));
        List<AuthChallenge> challenges;
        try {
            challenges = AuthChallenge.parseAll(values);
        } catch (RtspProtocolException e) {
            assertFalse(e.getMessage().isEmpty());
            challenges = null;
        }
        if (challenges != null) {
            assertTrue(challenges.size() <= AuthHeaderParser.MAX_CHALLENGES);
            for (AuthChallenge challenge : challenges) {
                assertFalse(challenge.scheme().isEmpty());
                assertTrue(challenge.params().size() <= AuthHeaderParser.MAX_PARAMS);
                challenge.qopOptions();
                challenge.digestAlgorithm();
            }
            ClientAuthenticator client = new ClientAuthenticator("user", "password");
            try {
                String header = client.authorization("DESCRIBE", "rtsp://cam/stream", challenges);
                assertNotNull(header);
                assertNotNull(client.authorization("PLAY", "rtsp://cam/stream"));
            } catch (RtspProtocolException e) {
                assertFalse(e.getMessage().isEmpty());
            }
        }
        Result result = SERVER.verify("ANNOUNCE", text);
        assertNotNull(result.reason());
        assertNotEquals(Status.OK, result.status());
    }
}
