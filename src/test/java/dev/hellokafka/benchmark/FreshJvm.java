package dev.hellokafka.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Walk;
import dev.hellokafka.harness.WalkSession;
import dev.hellokafka.tutorial.TutorialWalk;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * What the benchmark measures in a JVM of its own, started as surefire starts the walk's test JVM (C1 only):
 * the JVM's own start ({@code nothing}), the embedded broker's first start ({@code broker}), the walk as surefire
 * runs it, chapters side by side and the unit tests inside ({@code walk}), or one step at a time
 * ({@code walk-alone}), the six core steps ({@code core}) and their bare reference ({@code bare}). Its last line
 * is what it measured, as JSON; for the broker and the walk also what the JVM spent on classes and compiling
 * ({@link JvmCounters}).
 */
public final class FreshJvm {

    /** The post's six steps, the walk's core steps. */
    private static final String CORE_STEPS =
            ".*\\.(StartTheBroker|CreateTheTopic|ListTheTopics|DescribeTheTopic|Produce" + "|Consume)Chapter";

    private FreshJvm() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "nothing";
        Map<String, Object> measured = new LinkedHashMap<>();
        long start = System.nanoTime();
        switch (what) {
            case "nothing" -> {}
            case "broker" -> {
                try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                    measured.put("ms", (System.nanoTime() - start) / 1e6);
                    measured.put(JvmCounters.KEY, JvmCounters.ofThisJvm()); // before the close loads more
                }
            }
            case "walk", "walk-alone" -> {
                LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectClass(TutorialWalk.class));
                if (what.equals("walk-alone")) {
                    request.configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
                }
                Map<String, Double> steps = new TreeMap<>();
                measured.put(
                        "failed",
                        run(
                                request,
                                walk -> walk.tookPerStep()
                                        .forEach((step, took) -> steps.put(step, took.toMillis() / 1e3))));
                measured.put("ms", (System.nanoTime() - start) / 1e6);
                measured.put(JvmCounters.KEY, JvmCounters.ofThisJvm());
                measured.put("steps", steps);
            }
            case "core" -> {
                measured.put(
                        "failed",
                        run(LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectPackage("dev.hellokafka.tutorial"))
                                .filters(ClassNameFilter.includeClassNamePatterns(CORE_STEPS))));
                measured.put("ms", (System.nanoTime() - start) / 1e6);
            }
            case "bare" -> {
                measured.put(
                        "failed",
                        run(LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass(BareReference.class))));
                measured.put("ms", (System.nanoTime() - start) / 1e6);
            }
            default -> throw new IllegalArgumentException("nothing to measure called " + what);
        }
        System.out.println();
        System.out.println(new ObjectMapper().writeValueAsString(measured));
        System.exit(0); // a walk's leftover client threads must not keep this JVM alive
    }

    private static long run(LauncherDiscoveryRequestBuilder request) {
        return run(request, walk -> {});
    }

    /** Runs the tests, and hands what the walk found to {@code afterwards} before the session stops its broker. */
    private static long run(LauncherDiscoveryRequestBuilder request, Consumer<Walk> afterwards) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request.build(), summary);
            afterwards.accept(WalkSession.of(session));
        }
        if (summary.getSummary().getTotalFailureCount() > 0) {
            summary.getSummary().printFailuresTo(new PrintWriter(System.out, true), 5);
        }
        return summary.getSummary().getTotalFailureCount();
    }
}
