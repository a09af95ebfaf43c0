package dev.hellokafka.harness;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The order in which the walk starts its steps (junit-platform.properties): the core steps, then the chapters
 * on a broker of their own ({@link OwnBroker}), then the other chapters and the unit tests, each group by name.
 * Chapters run side by side on a few threads, and those with a broker or cluster to start take longest, so they
 * start first. The order of the console and the pages is the chapters' own ({@link WalkPlan}), whatever order
 * they ran in.
 */
public final class WalkOrder implements ClassOrderer {

    static final Comparator<Class<?>> STEPS =
            Comparator.<Class<?>>comparingInt(WalkOrder::group).thenComparing(Class::getName);

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort((a, b) -> STEPS.compare(a.getTestClass(), b.getTestClass()));
    }

    private static int group(Class<?> step) {
        if (WalkPlan.isCore(step)) {
            return 0;
        }
        return AnnotationSupport.isAnnotated(step, OwnBroker.class) ? 1 : 2;
    }
}
