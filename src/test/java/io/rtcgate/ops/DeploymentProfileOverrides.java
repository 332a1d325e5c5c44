package io.rtcgate.ops;

import java.util.HashMap;
import java.util.Map;

/**
 * What a test start of the staging or prod profile must still change: those profiles do not carry the %test settings,
 * so the sockets go to 127.0.0.1 on ports the system chooses (the profiles' own settings are what the tests check).
 */
final class DeploymentProfileOverrides {
    private DeploymentProfileOverrides() {
    }

    static Map<String, String> localSockets() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("quarkus.http.host", "127.0.0.1");
        overrides.put("quarkus.http.test-port", "0");
        overrides.put("rtcgate.rtsp.host", "127.0.0.1");
        overrides.put("rtcgate.rtsp.port", "0");
        overrides.put("rtcgate.webrtc.udp-host", "127.0.0.1");
        overrides.put("rtcgate.webrtc.udp-port", "0");
        return overrides;
    }

    /** True when a console handler of the root logger formats records as JSON (quarkus-logging-json's formatter). */
    static boolean consoleLogsAreJson() {
        java.util.logging.Logger root = org.jboss.logmanager.LogContext.getLogContext().getLogger("");
        return anyJson(root.getHandlers());
    }

    private static boolean anyJson(java.util.logging.Handler[] handlers) {
        for (java.util.logging.Handler h : handlers) {
            if (h.getFormatter() != null && h.getFormatter().getClass().getName().toLowerCase().contains("json")) {
                return true;
            }
            if (h instanceof org.jboss.logmanager.ExtHandler ext && anyJson(ext.getHandlers())) {
                return true;
            }
        }
        return false;
    }
}
