package io.rtcgate.ops;

import io.rtcgate.stream.StreamRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The read-only stream API: {@code GET /v1/streams} and {@code GET /v1/streams/{name}}. */
@Path("/v1/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {

    @Inject
    StreamRegistry registry;

    @GET
    public List<StreamView> list() {
        return registry.all().stream().map(StreamView::of).toList();
    }

    @GET
    @Path("{name}")
    public StreamView one(@PathParam("name") String name) {
        return registry.find(name).map(StreamView::of)
                .orElseThrow(() -> new NotFoundException("no stream named '" + name + "'"));
    }
}
