package io.rtcgate.webrtc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reader credentials on a running gateway: global Basic credentials for every stream and the list, a stream with its own
 * bearer token; 401 with the challenges when missing or wrong; the player page and its WHEP POST pass with them (a
 * browser sends the Basic credentials it was prompted for with the page's same-origin fetch); the API never shows them.
 */
@QuarkusTest
@TestProfile(ReaderCredentialsQuarkusTest.Credentials.class)
class ReaderCredentialsQuarkusTest {
    static final String USER = "viewer";
    static final String PASSWORD = "pa55-w0rd";
    static final String TOKEN = "t0ken.for-cam2";

    public static class Credentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtcgate.readers.user", USER, "rtcgate.readers.password", PASSWORD,
                    "rtcgate.streams.cam1.source", "publisher",
                    "rtcgate.streams.cam2.source", "publisher",
                    "rtcgate.streams.cam2.read-token", TOKEN);
        }
    }

    @Inject
    WebRtcGateway gateway;

    @Test
    void withoutCredentialsEveryReaderPathAnswers401WithTheChallenges() {
        long before = gateway.stats().readersUnauthorized();
        given().get("/").then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"rtcgate\", charset=\"UTF-8\"");
        given().get("/cam1/").then().statusCode(401);
        given().contentType("application/sdp").body("v=0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).post("/cam1/whep").then().statusCode(401)
                .header("Access-Control-Allow-Origin", "*"); // a page on another origin can read the 401
        given().redirects().follow(false).get("/cam2/").then().statusCode(401)
                .header("Cache-Control", "no-store");
        var challenges = given().get("/cam2/").then().statusCode(401).extract().headers().getValues("WWW-Authenticate");
        assertTrue(challenges.contains("Bearer realm=\"rtcgate\""), challenges.toString());
        assertTrue(challenges.contains("Basic realm=\"rtcgate\", charset=\"UTF-8\""), challenges.toString());
        assertTrue(gateway.stats().readersUnauthorized() >= before + 5);
    }

    @Test
    void wrongCredentialsAre401() {
        given().auth().preemptive().basic(USER, "wrong").get("/cam1/").then().statusCode(401)
                .body(containsString("wrong credentials"));
        given().header("Authorization", "Bearer " + TOKEN).get("/cam1/").then().statusCode(401);
        given().auth().preemptive().basic(USER, PASSWORD).get("/cam2/").then().statusCode(401);
    }

    @Test
    void thePlayerPageAndItsWhepPostPassWithTheCredentials() {
        given().auth().preemptive().basic(USER, PASSWORD).get("/").then().statusCode(200).body(containsString("cam1"));
        given().auth().basic(USER, PASSWORD).get("/cam1/").then().statusCode(200).body(containsString("player.js"));
        // past the credentials, the offer itself is judged: malformed is 400, not 401
        given().auth().preemptive().basic(USER, PASSWORD).contentType("application/sdp").body("v=0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/cam1/whep").then().statusCode(400);
        given().header("Authorization", "Bearer " + TOKEN).contentType("application/sdp").body("v=0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/cam2/whep").then().statusCode(400);
        given().auth().preemptive().basic("browser-user", TOKEN).get("/cam2/").then().statusCode(200);
    }

    @Test
    void anUnknownStreamIsNotRevealedWithoutCredentials() {
        given().get("/nosuch/").then().statusCode(401);
        given().auth().preemptive().basic(USER, PASSWORD).get("/nosuch/").then().statusCode(404);
    }

    @Test
    void corsPreflightAndTheApiNeedNoCredentialsAndShowNone() {
        given().options("/cam1/whep").then().statusCode(204);
        given().get("/v1/streams").then().statusCode(200)
                .body("name", hasItems("cam1", "cam2"))
                .body(not(containsString(PASSWORD)))
                .body(not(containsString(TOKEN)))
                .body(not(containsString(USER)));
    }
}
