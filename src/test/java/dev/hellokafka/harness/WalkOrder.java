package dev.hellokafka.harness;

import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order in which the walk starts its steps (junit-platform.properties): the core steps by name; the chapters
 * on a broker of their own ({@link OwnBroker}), which start beside the core steps; the unit tests, which need no
 * broker; then the other chapters, the longest first, as the last walk from this directory timed them
 * ({@link WalkPlan#TIMES}), or by name when it did not. Chapters run side by side on a few threads, and the walk
 * ends with its longest chapter, so that one should not wait for a thread. The console and the pages keep chapter
 * order ({@link WalkPlan}), whatever order the chapters ran in.
 */
public final class WalkOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        Comparator<Class<?>> order = order(WalkPlan.lastTimes(PageWriter.target()));
        context.getClassDescriptors().sort((a, b) -> order.compare(a.getTestClass(), b.getTestClass()));
    }

    static Comparator<Class<?>> order(Map<String, Long> lastTimes) {
        return Comparator.<Class<?>>comparingInt(WalkOrder::group)
                .thenComparing(type -> WalkPlan.isCore(type) ? 0 : -lastTimes.getOrDefault(type.getSimpleName(), 0L))
                .thenComparing(Class::getName);
    }

    private static int group(Class<?> type) {
        if (WalkPlan.isCore(type)) {
            return 0;
        }
        if (WalkPlan.hasOwnBroker(type)) {
            return 1;
        }
        return WalkPlan.isStep(type) ? 3 : 2;
    }
}
