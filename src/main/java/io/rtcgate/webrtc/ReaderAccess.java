package io.rtcgate.webrtc;

import io.rtcgate.ops.GatewayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may read which stream: a stream's own {@code read-user}/{@code read-password}/{@code read-token} when it has any,
 * else the global {@code rtcgate.readers.*} (also for published streams that are not configured, and for the stream
 * list at {@code /}). Checked on WHEP {@code POST} and the player pages; WHEP {@code DELETE}/{@code PATCH} need no
 * credentials because the session id in their URL is a random UUID only its viewer was told. Refusals are counted in
 * {@link WebRtcStats#readersUnauthorized()}; nothing here logs a credential.
 */
@Singleton
public class ReaderAccess {
    @Inject
    GatewayConfig config;
    @Inject
    WebRtcGateway gateway;

    private ReaderCredentials global = ReaderCredentials.open();
    private final Map<String, ReaderCredentials> perStream = new HashMap<>();

    @PostConstruct
    void load() {
        GatewayConfig.Readers readers = config.readers();
        global = ReaderCredentials.of(readers.user(), readers.password(), readers.token());
        config.streams().forEach((name, stream) -> {
            if (stream.readUser().isPresent() || stream.readToken().isPresent()) {
                perStream.put(name, ReaderCredentials.of(stream.readUser(), stream.readPassword(), stream.readToken()));
            }
        });
    }

    /** The credentials that protect a stream. */
    public ReaderCredentials forStream(String name) {
        return perStream.getOrDefault(name, global);
    }

    /** The credentials that protect the stream list (the global ones). */
    public ReaderCredentials forList() {
        return global;
    }

    /** Null when the request may go on, else the 401 to answer (counted). */
    public Response refusal(ReaderCredentials credentials, String authorization) {
        if (credentials.accepts(authorization)) {
            return null;
        }
        gateway.stats().readersUnauthorized.increment();
        Response.ResponseBuilder builder = Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_PLAIN)
                .entity(authorization == null ? "credentials required\n" : "wrong credentials\n")
                .header("Cache-Control", "no-store");
        for (String challenge : credentials.challenges()) {
            builder.header("WWW-Authenticate", challenge);
        }
        return builder.build();
    }
}
