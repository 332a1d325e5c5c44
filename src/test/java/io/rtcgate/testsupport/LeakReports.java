package io.rtcgate.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects Netty's leak reports ("LEAK: ByteBuf.release() was not called ...") from the JVM-wide logging, whichever class
 * loader's Netty logged them (plain unit tests and @QuarkusTest apps alike), so {@link FailOnLeakExtension} can fail on them.
 */
public final class LeakReports {
    static final String LEAK_LOGGER = "io.netty.util.ResourceLeakDetector";
    private static final List<String> REPORTS = new ArrayList<>();
    // Held strongly: JUL keeps loggers weakly, and a collected logger would lose the handler.
    private static final Logger LOGGER = Logger.getLogger(LEAK_LOGGER);

    static {
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getLevel().intValue() >= Level.SEVERE.intValue() || (message != null && message.contains("LEAK"))) {
                    synchronized (REPORTS) {
                        REPORTS.add(message);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private LeakReports() {
    }

    static void install() {
        // the static initializer does the work
    }

    /** Takes the reports gathered so far. */
    static List<String> drain() {
        synchronized (REPORTS) {
            List<String> copy = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return copy;
        }
    }
}
