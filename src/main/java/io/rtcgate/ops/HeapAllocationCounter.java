package io.rtcgate.ops;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Bytes the whole process allocated on the heap since start, threads that ended included (the per-thread counters of
 * {@code ThreadMXBean} lose a thread's share when it ends; JDK 17 has no process total). Every collection reports the
 * heap in use before and after it; what was allocated between two collections is the use before the second minus the
 * use after the first, and since the last one, the use now minus the use after it.
 *
 * <p>Off the packet path: updated by the JVM's notification thread once per collection, read by diagnostics.
 */
@ApplicationScoped
public class HeapAllocationCounter {
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    /** Guarded by {@code this}. */
    private long allocatedUpToLastGc;
    private long usedAfterLastGc = heapUsed();

    void onStart(@Observes StartupEvent event) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        emitters.clear();
    }

    /** Heap bytes allocated since this bean started. */
    public synchronized long allocatedBytes() {
        return allocatedUpToLastGc + Math.max(0, heapUsed() - usedAfterLastGc);
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        long before = heapSum(info.getMemoryUsageBeforeGc());
        long after = heapSum(info.getMemoryUsageAfterGc());
        synchronized (this) {
            allocatedUpToLastGc += Math.max(0, before - usedAfterLastGc);
            usedAfterLastGc = after;
        }
    }

    private long heapSum(Map<String, MemoryUsage> byPool) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : byPool.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
