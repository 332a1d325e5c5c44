package io.rtcgate.webrtc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages over HTTP in the running application: {@code GET /} lists the registry's streams, {@code GET /{name}/}
 * serves the player of an existing stream and 404 (plain text) for any other name, {@code /assets/} serves the script.
 * The stream is one a publisher would create (not configured), so it disappears again after the test.
 */
@QuarkusTest
class PlayerResourceTest {

    private static final String NAME = "player-page-test";

    @Inject
    StreamRegistry registry;

    private Stream stream;

    @BeforeEach
    void createStream() throws Exception {
        stream = registry.publisherStream(NAME);
    }

    @AfterEach
    void removeStream() {
        registry.releaseIfUnused(stream);
    }

    @Test
    void playerPageOfAnExistingStream() {
        given().redirects().follow(false).get("/" + NAME + "/").then()
                .statusCode(200)
                .contentType(allOf(startsWith("text/html"), containsString("charset=UTF-8")))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<video id=\"video\" autoplay muted playsinline"),
                        containsString("<script src=\"/assets/player.js\" defer></script>"),
                        containsString("<h1>" + NAME + "</h1>"));
    }

    @Test
    void withoutTheTrailingSlashRedirectsSoThatRelativeWhepResolves() {
        given().redirects().follow(false).get("/" + NAME).then()
                .statusCode(301)
                .header("Location", endsWith("/" + NAME + "/"));
    }

    @Test
    void unknownStreamIsAPlainText404() {
        given().get("/no-such-stream/").then()
                .statusCode(404)
                .contentType(startsWith("text/plain"))
                .body(containsString("no stream named 'no-such-stream'"));
        given().get("/no-such-stream").then().statusCode(404).contentType(startsWith("text/plain"));
    }

    @Test
    void invalidOrReservedNamesAre404WithoutEchoingMarkup() {
        given().urlEncodingEnabled(false).get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E/").then()
                .statusCode(404)
                .contentType(startsWith("text/plain"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("invalid"), not(containsString("text/html")));
        given().get("/v1/").then().statusCode(404).contentType(startsWith("text/plain"))
                .body(containsString("reserved"));
    }

    @Test
    void rootListsStreamsWithLinksToTheirPlayers() {
        given().get("/").then()
                .statusCode(200)
                .contentType(allOf(startsWith("text/html"), containsString("charset=UTF-8")))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("<a href=\"/" + NAME + "/\">" + NAME + "</a></td><td class=\"offline\">offline</td>"));
    }

    @Test
    void playerScriptAndStyleAreServedStatically() {
        given().get("/assets/player.js").then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("window.rtcgate = rtcgate"), containsString("new URL('whep', location.href)"));
        given().get("/assets/rtcgate.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void theStreamApiStillAnswersBesideTheRootResource() {
        given().get("/v1/streams/" + NAME).then().statusCode(200).contentType(startsWith("application/json"));
    }
}
