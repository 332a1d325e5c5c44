package io.rtcgate.ops;

import java.util.Map;

/**
 * The health endpoints the Kubernetes probes in {@code deploy/} call, shared by {@link DeployManifestsTest} (the manifests
 * use exactly these) and {@link ProbeEndpointsQuarkusTest} (the running gateway answers them). Paths are SmallRye Health's
 * defaults under Quarkus' non-application root {@code /q}.
 */
final class ProbeEndpoints {

    static final String LIVENESS = "/q/health/live";
    static final String READINESS = "/q/health/ready";
    static final String STARTUP = "/q/health/started";

    /** Kubernetes probe field -> path. */
    static final Map<String, String> BY_PROBE = Map.of(
            "livenessProbe", LIVENESS,
            "readinessProbe", READINESS,
            "startupProbe", STARTUP);

    private ProbeEndpoints() {
    }
}
