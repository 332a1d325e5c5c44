package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcFilesTest {

    @Test
    void utimePlusStimeCountedFromTheLastParenthesis() {
        // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 8 9 20 0 31 0 100 0 0";
        assertEquals(1234 + 567, ProcFiles.cpuTicksOf(stat));
    }

    @Test
    void malformedStatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.cpuTicksOf("4242 java S 1"));
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.cpuTicksOf("4242 (java) S 1 2 3"));
        assertThrows(IllegalArgumentException.class,
                () -> ProcFiles.cpuTicksOf("1 (a) S 1 1 1 0 -1 0 0 0 0 0 x 5 0 0"));
    }

    @Test
    void statusGivesRssAndThreads() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmRSS:\t  153600 kB\nRssAnon:\t 100 kB\nThreads:\t37\n";
        ProcFiles.Status s = ProcFiles.statusOf(status);
        assertEquals(153_600, s.rssKb());
        assertEquals(37, s.threads());
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.statusOf("Name:\tzombie\nThreads:\t1\n"));
    }

    @Test
    void readsThisProcess() throws IOException {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcFiles.cpuTicks(pid) >= 0);
        ProcFiles.Status s = ProcFiles.status(pid);
        assertTrue(s.rssKb() > 0 && s.threads() > 0, s.toString());
        assertTrue(ProcFiles.clockTicksPerSecond() > 0);
    }
}
