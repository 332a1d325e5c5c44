package io.rtcgate.stream;

import java.util.concurrent.atomic.AtomicBoolean;

/** A reader's hold on a stream: while any is open an on-demand stream pulls. Closing twice is harmless. */
public final class Reader implements AutoCloseable {
    private final Stream stream;
    private final AtomicBoolean closed = new AtomicBoolean();

    Reader(Stream stream) {
        this.stream = stream;
    }

    public Stream stream() {
        return stream;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stream.removeReader();
        }
    }
}
