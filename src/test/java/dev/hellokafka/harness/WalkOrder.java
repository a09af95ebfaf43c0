package dev.hellokafka.harness;

import java.util.Comparator;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order in which the walk starts its steps (junit-platform.properties): the core steps in their order; the chapters
 * on a broker of their own ({@link OwnBroker}), which start beside the core steps; the unit tests, which need no
 * broker; then the other chapters, the longest first, as the last walk from this directory timed them
 * ({@link WalkPlan#TIMES}), or in their order when it did not. Chapters run side by side on a few threads, and the walk
 * ends with its longest chapter, so that one should not wait for a thread. The console and the pages keep chapter
 * order ({@link WalkPlan}), whatever order the chapters ran in.
 */
public final class WalkOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        Chapters chapters = Chapters.ofThisProject();
        Comparator<Class<?>> order =
                order(WalkPlan.lastTimes(PageWriter.target()), step -> chapters.placeOf(Chapters.nameOf(step)));
        context.getClassDescriptors().sort((a, b) -> order.compare(a.getTestClass(), b.getTestClass()));
    }

    /**
     * @param lastTimes how long each chapter's step took last time, by chapter name
     * @param place a step's place in the chapters' order: the core steps' order, and the order of steps timed alike
     */
    static Comparator<Class<?>> order(Map<String, Long> lastTimes, ToIntFunction<Class<?>> place) {
        return Comparator.<Class<?>>comparingInt(WalkOrder::group)
                .thenComparingLong(
                        type -> WalkPlan.isCore(type) ? 0 : -lastTimes.getOrDefault(Chapters.nameOf(type), 0L))
                .thenComparingInt(place)
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
