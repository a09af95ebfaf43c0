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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Which steps this run holds, in chapter order, learned from JUnit's test plan before anything runs (the
 * listener is registered in META-INF/services). The console tells the story in this order even when chapters
 * finish out of it, and the chapters wait here until the run's {@link CoreStep}s are done. At the end it keeps how
 * long each step took ({@link #TIMES}), so that the next walk starts its longest chapters first ({@link WalkOrder}).
 */
public final class WalkPlan implements TestExecutionListener {

    private static volatile List<String> steps = List.of();
    private static final Map<String, Duration> took = new ConcurrentHashMap<>();
    private static final List<Wait> waits = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<String> stepOfThisThread = new ThreadLocal<>();

    /** A wait of a step's hidden code ({@link Poll}), for the benchmark's profile. */
    public record Wait(String step, String what, Duration took) {}

    private static volatile CountDownLatch coreStepsToRun = new CountDownLatch(0);

    /** How long each step took in the walks of this build directory, for {@link WalkOrder}. */
    static final String TIMES = "walk-times.properties";

    private static volatile TestPlan walk;

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
        found.sort(Comparator.comparing(Class::getName));
        walk = plan;
        use(found.stream().map(Class::getSimpleName).toList(), (int)
                found.stream().filter(WalkPlan::isCore).count());
    }

    /** Keeps how long each step of the walk took, beside those of earlier walks of steps it did not run. */
    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (plan != walk) {
            return; // the plan of other tests, run inside a step
        }
        storeTimes(PageWriter.target(), took);
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

    static synchronized void use(List<String> plannedSteps, int coreSteps) {
        steps = List.copyOf(plannedSteps);
        took.clear();
        waits.clear();
        coreStepsToRun = new CountDownLatch(coreSteps);
        Console.INSTANCE.restart();
    }

    /** The run's steps by class name, in the order the console tells them; empty when no plan was seen. */
    static List<String> steps() {
        return steps;
    }

    /** How long each step of the last walk took, from its start (after the core steps) to its end. */
    public static Map<String, Duration> tookPerStep() {
        return Map.copyOf(took);
    }

    /** The waits of the last walk's steps, as they happened. */
    public static List<Wait> waits() {
        return List.copyOf(waits);
    }

    static void stepStarted(String step) {
        stepOfThisThread.set(step);
    }

    static void stepFinished(String step, Duration duration) {
        took.put(step, duration);
        stepOfThisThread.remove();
    }

    static void waited(String what, Duration duration) {
        String step = stepOfThisThread.get();
        waits.add(new Wait(step == null ? "(no step)" : step, what, duration));
    }

    static boolean isCore(Class<?> step) {
        return AnnotationSupport.isAnnotated(step, CoreStep.class);
    }

    static boolean hasOwnBroker(Class<?> step) {
        return AnnotationSupport.isAnnotated(step, OwnBroker.class);
    }

    static void coreStepFinished() {
        coreStepsToRun.countDown();
    }

    /** Returns once every core step of the run has finished, passed or not. */
    static void awaitCoreSteps(Duration atMost) throws InterruptedException {
        if (!coreStepsToRun.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the core steps did not finish within " + atMost.toSeconds() + " s");
        }
    }

    static boolean isStep(Class<?> type) {
        return AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class).stream()
                .anyMatch(extendWith -> List.of(extendWith.value()).contains(TutorialExtension.class));
    }
}
