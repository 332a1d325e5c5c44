package io.rtcgate.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Removes every {@code rtcgate.*} meter when the application stops. The meters read beans of this application; Micrometer's
 * global composite registry outlives it (a restart in the same JVM, as test profiles do), and a meter left there would be
 * copied into the next application's Prometheus registry, where reading it fails the whole scrape with a 500.
 */
@ApplicationScoped
public class GatewayMetersRemoval {
    static final String PREFIX = "rtcgate.";

    @Inject
    MeterRegistry registry;

    void onStop(@Observes @jakarta.annotation.Priority(10) ShutdownEvent event) {
        List<Meter> ours = registry.getMeters().stream().filter(m -> m.getId().getName().startsWith(PREFIX)).toList();
        ours.forEach(registry::remove);
    }
}
