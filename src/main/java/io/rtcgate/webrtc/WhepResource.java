package io.rtcgate.webrtc;

import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamName;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.webrtc.sdp.WhepOfferException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * WHEP (draft-ietf-wish-whep): {@code POST /{name}/whep} with an SDP offer creates a viewer and answers 201 with the SDP
 * answer (all candidates included, no trickle needed) and its {@code Location}; {@code DELETE} on that location ends it;
 * {@code PATCH} with a trickle ICE fragment is accepted and ignored (ICE-lite needs no remote candidates). CORS headers let a
 * page on another origin play. Errors are plain text.
 */
@Path("/{name}/whep")
public class WhepResource {
    private static final Logger LOG = Logger.getLogger(WhepResource.class);
    static final String SDP = "application/sdp";
    static final String TRICKLE = "application/trickle-ice-sdpfrag";
    private static final int MAX_OFFER_BYTES = 64 * 1024;
    private static final int TOO_MANY_REQUESTS = 429;

    @Inject
    StreamRegistry registry;
    @Inject
    WebRtcGateway gateway;
    @Inject
    ReaderAccess readers;
    @Inject
    OfferRateLimiting rateLimiting;

    /**
     * Checked in this order: offers per second from the client's address (429, also slows down guessing credentials),
     * reader credentials (401), the stream (404), content type (415), size (413), the offer itself (400), session limits
     * (503).
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response offer(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("Authorization") String authorization, @Context HttpServerRequest request, byte[] body) {
        if (!rateLimiting.limiter().tryAcquire(clientAddress(request))) {
            gateway.stats().offersRateLimited.increment();
            return cors(Response.status(TOO_MANY_REQUESTS).header("Retry-After",
                    Integer.toString(rateLimiting.limiter().retryAfterSeconds()))
                    .type(MediaType.TEXT_PLAIN).entity("too many offers from your address; retry later\n"));
        }
        Response refused = readers.refusal(readers.forStream(name), authorization);
        if (refused != null) {
            return cors(Response.fromResponse(refused));
        }
        Optional<Stream> stream = StreamName.isValid(name) ? registry.find(name) : Optional.empty();
        if (stream.isEmpty()) {
            return text(Response.Status.NOT_FOUND, "no stream named '" + printable(name) + "'");
        }
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(SDP)) {
            return text(Response.Status.UNSUPPORTED_MEDIA_TYPE, "a WHEP offer must be sent as " + SDP);
        }
        if (body == null || body.length == 0) {
            return text(Response.Status.BAD_REQUEST, "empty offer");
        }
        if (body.length > MAX_OFFER_BYTES) {
            gateway.stats().offersTooLarge.increment();
            return text(Response.Status.REQUEST_ENTITY_TOO_LARGE, "offer larger than " + MAX_OFFER_BYTES + " bytes");
        }
        try {
            WebRtcGateway.Created created = gateway.createSession(stream.get(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
            return cors(Response.created(URI.create("/" + name + "/whep/" + created.id()))
                    .type(SDP)
                    .entity(created.answerSdp()));
        } catch (WhepOfferException e) {
            LOG.infof("WHEP offer for %s refused: %s", name, e.getMessage());
            return text(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (WebRtcGateway.SessionLimitException e) {
            return cors(Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .type(MediaType.TEXT_PLAIN).entity(e.getMessage() + "\n"));
        } catch (WebRtcGateway.DrainingException e) {
            return cors(Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "2")
                    .type(MediaType.TEXT_PLAIN).entity(e.getMessage() + "\n"));
        }
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("name") String name, @PathParam("id") String id) {
        if (!gateway.closeSession(name, id)) {
            return text(Response.Status.NOT_FOUND, "no such session");
        }
        return cors(Response.ok());
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@PathParam("name") String name, @PathParam("id") String id, @HeaderParam("Content-Type") String contentType) {
        if (gateway.sessions().stream().noneMatch(s -> s.id.equals(id) && s.egress.stream().name().equals(name))) {
            return text(Response.Status.NOT_FOUND, "no such session");
        }
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(TRICKLE)) {
            return text(Response.Status.UNSUPPORTED_MEDIA_TYPE, "trickle ICE fragments must be sent as " + TRICKLE);
        }
        return cors(Response.noContent());
    }

    @OPTIONS
    public Response preflight() {
        return cors(Response.noContent().header("Accept-Post", SDP));
    }

    @OPTIONS
    @Path("{id}")
    public Response preflightSession() {
        return cors(Response.noContent());
    }

    private static String clientAddress(HttpServerRequest request) {
        if (request == null || request.remoteAddress() == null) {
            return "unknown";
        }
        String host = request.remoteAddress().hostAddress();
        return host == null ? "unknown" : host;
    }

    static Response text(Response.Status status, String message) {
        return cors(Response.status(status).type(MediaType.TEXT_PLAIN).entity(message + "\n"));
    }

    static Response cors(Response.ResponseBuilder builder) {
        return builder.header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "POST, DELETE, PATCH, OPTIONS")
                .header("Access-Control-Allow-Headers", "Content-Type, Authorization, If-Match")
                .header("Access-Control-Expose-Headers", "Location, Link, ETag, Retry-After")
                .build();
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
