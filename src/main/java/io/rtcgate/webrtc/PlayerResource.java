package io.rtcgate.webrtc;

import io.rtcgate.media.MediaFormat;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamName;
import io.rtcgate.stream.StreamRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;

/**
 * What a browser user opens: {@code GET /} lists the streams with links to their players, {@code GET /{name}/} is the
 * WHEP player of one stream (404, plain text, for a stream that does not exist), and {@code GET /{name}} redirects to
 * {@code /{name}/} so that the page's relative {@code ./whep} reaches {@code /{name}/whep}. The player's script and
 * style are static files under {@code META-INF/resources/assets/} ({@code assets} is a reserved stream name).
 */
@Path("/")
public class PlayerResource {

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    private static final String TEXT = MediaType.TEXT_PLAIN + ";charset=UTF-8";

    private final PlayerPages pages = new PlayerPages();

    @Inject
    StreamRegistry registry;

    @Inject
    ReaderAccess readers;

    @Context
    UriInfo uriInfo;

    /** Protected by the global reader credentials, if any. */
    @GET
    public Response streamList(@HeaderParam("Authorization") String authorization) {
        Response refused = readers.refusal(readers.forList(), authorization);
        if (refused != null) {
            return refused;
        }
        String html = pages.streamList(registry.all().stream()
                .map(s -> new PlayerPages.StreamEntry(s.name(), s.online(),
                        s.formats().stream().map(MediaFormat::displayName).toList(), s.readers()))
                .toList());
        return page(html);
    }

    @GET
    @Path("{name}")
    /**
     * Protected by the stream's reader credentials; once the browser's login prompt has them, the page's same-origin
     * {@code fetch} of {@code ./whep} carries them too.
     */
    public Response player(@PathParam("name") String name, @HeaderParam("Authorization") String authorization) {
        Response refused = readers.refusal(readers.forStream(name), authorization);
        if (refused != null) {
            return refused;
        }
        String problem = StreamName.problem(name);
        if (problem != null) {
            return notFound(problem);
        }
        Optional<Stream> stream = registry.find(name);
        if (stream.isEmpty()) {
            return notFound("no stream named '" + name + "'");
        }
        if (!uriInfo.getPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .location(URI.create("/" + PlayerPages.pathSegment(name) + "/"))
                    .type(TEXT).entity("the player of '" + name + "' is at /" + name + "/\n").build();
        }
        return page(pages.player(name));
    }

    private static Response page(String html) {
        return Response.ok(html, HTML)
                .header("Content-Security-Policy", PlayerPages.CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static Response notFound(String reason) {
        return Response.status(Response.Status.NOT_FOUND).type(TEXT).entity(reason + "\n")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }
}
