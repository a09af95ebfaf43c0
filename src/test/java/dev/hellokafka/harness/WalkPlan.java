package dev.hellokafka.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Which steps a walk holds, in chapter order, learned from JUnit's test plan before anything runs; registered
 * for each walk by {@link WalkSession}. The console tells the story in this order even when chapters finish out of
 * it, and the chapters wait until the run's {@link CoreStep}s are done. When the plan is over, the walk saves what
 * it recorded and how long each step took ({@link #TIMES}), so that the next walk starts its longest chapters first
 * ({@link WalkOrder}).
 */
final class WalkPlan implements TestExecutionListener {

    /** How long each step took in the walks of this build directory, for {@link WalkOrder}. */
    static final String TIMES = "walk-times.properties";

    private final Walk walk;

    WalkPlan(Walk walk) {
        this.walk = walk;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        List<Class<?>> found = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                test.getSource()
                        .filter(ClassSource.class::isInstance)
                        .map(source -> ((ClassSource) source).getJavaClass())
                        .filter(WalkPlan::isStep)
                        .filter(step -> !found.contains(step))
                        .ifPresent(found::add);
            }
        }
        if (found.isEmpty()) {
            return; // a plan of other tests, such as those step 27 runs inside the walk
        }
        Chapters chapters = walk.chapters();
        found.sort(Comparator.<Class<?>>comparingInt(step -> chapters.placeOf(Chapters.nameOf(step)))
                .thenComparing(Class::getName));
        walk.planned(found.stream().map(Chapters::nameOf).toList(), (int)
                found.stream().filter(WalkPlan::isCore).count());
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (walk.isWalk()) {
            walk.finished();
        }
    }

    /** Writes how long each step took into {@link #TIMES}, keeping the earlier times of the steps not in it. */
    static void storeTimes(Path target, Map<String, Duration> took) {
        Properties times = new Properties();
        lastTimes(target).forEach((step, ms) -> times.setProperty(step, String.valueOf(ms))); // store() takes text only
        took.forEach((step, duration) -> times.setProperty(step, String.valueOf(duration.toMillis())));
        try {
            Files.createDirectories(target);
            try (Writer out = Files.newBufferedWriter(target.resolve(TIMES))) {
                times.store(out, "how long each step took, in ms, from its start to its end");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long each step took when it last ran from this directory, in ms; empty when none ran yet. */
    static Map<String, Long> lastTimes(Path target) {
        Path file = target.resolve(TIMES);
        Map<String, Long> times = new HashMap<>();
        if (Files.isRegularFile(file)) {
            Properties stored = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                stored.load(in);
                stored.forEach((step, ms) -> times.put(step.toString(), Long.parseLong(ms.toString())));
            } catch (IOException | IllegalArgumentException e) {
                return Map.of(); // only the order the steps start in depends on it
            }
        }
        return times;
    }

    static boolean isCore(Class<?> step) {
        return AnnotationSupport.isAnnotated(step, CoreStep.class);
    }

    static boolean hasOwnBroker(Class<?> step) {
        return AnnotationSupport.isAnnotated(step, OwnBroker.class);
    }

    static boolean isStep(Class<?> type) {
        return AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class).stream()
                .anyMatch(extendWith -> List.of(extendWith.value()).contains(TutorialExtension.class));
    }
}
