package io.rtcgate.ops;

import io.rtcgate.transport.MediaEventLoops;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Produces the process-wide media event loops and closes them at shutdown. */
@Singleton
public class GatewayBeans {

    @Produces
    @Singleton
    MediaEventLoops mediaEventLoops(GatewayConfig config) {
        return new MediaEventLoops(config.eventLoopThreads(), config.transport().nativeTransport(),
                config.tuning().pooledIngestBuffers());
    }

    void closeLoops(@Disposes MediaEventLoops loops) {
        loops.close();
    }
}
