package io.rtcgate.webrtc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * WHEP offers per second per client address: a token bucket per address ({@code perSecond} tokens a second, burst of
 * {@code perSecond}). The map of addresses is bounded: when it is full, buckets that have refilled completely (their
 * client has been quiet) are dropped; if it is still full, offers from new addresses are refused until some do. Runs on
 * HTTP worker threads (signalling, not the media path), so a bucket is a small synchronized object.
 */
public final class OfferRateLimiter {
    /** Default bound of the address map. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    private final int perSecond;
    private final int maxClients;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code perSecond} 0 means no limit. */
    public OfferRateLimiter(int perSecond, int maxClients, LongSupplier nanoClock) {
        if (perSecond < 0 || maxClients < 1) {
            throw new IllegalArgumentException("perSecond >= 0 and maxClients >= 1 required");
        }
        this.perSecond = perSecond;
        this.maxClients = maxClients;
        this.nanoClock = nanoClock;
    }

    /** Whether an offer from this client may go on now; takes a token if so. */
    public boolean tryAcquire(String client) {
        if (perSecond == 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                buckets.values().removeIf(b -> b.isFull(now));
                if (buckets.size() >= maxClients) {
                    return false;
                }
            }
            bucket = buckets.computeIfAbsent(client, c -> new Bucket(perSecond, now));
        }
        return bucket.take(now);
    }

    /** Whole seconds until a refused client has a token again (for {@code Retry-After}); at least 1. */
    public int retryAfterSeconds() {
        return 1;
    }

    /** Addresses tracked now. */
    public int clients() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= perSecond;
        }

        private void refill(long now) {
            long elapsed = now - lastNanos;
            if (elapsed > 0) {
                tokens = Math.min(perSecond, tokens + elapsed * (perSecond / 1e9));
                lastNanos = now;
            }
        }
    }
}
