package io.rtcgate.webrtc;

import io.rtcgate.ops.GatewayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The process-wide {@link OfferRateLimiter} for WHEP offers, sized by {@code rtcgate.webrtc.max-offers-per-second-per-client}. */
@Singleton
public class OfferRateLimiting {
    @Inject
    GatewayConfig config;

    private OfferRateLimiter limiter;

    @PostConstruct
    void create() {
        limiter = new OfferRateLimiter(config.webrtc().maxOffersPerSecondPerClient(), OfferRateLimiter.DEFAULT_MAX_CLIENTS,
                System::nanoTime);
    }

    public OfferRateLimiter limiter() {
        return limiter;
    }
}
