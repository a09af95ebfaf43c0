package dev.hellokafka.harness;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.broker.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The one extension a tutorial step uses ({@code @ExtendWith(TutorialExtension.class)}): it hands the step a
 * {@link Broker} and a {@link Recorder}, the chapters on failover their cluster ({@link Walk#failoverCluster()}), the
 * chapters that go on from an earlier page their broker ({@link Walk#replayBroker()}), and tells the console how the
 * step went. All come from the run's {@link Walk}, which starts each broker and the cluster on first use and stops
 * them when the run ends, whether the steps passed or not.
 */
public final class TutorialExtension
        implements ParameterResolver, BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

    /** The six core steps take seconds; a chapter that waited this long for them fails instead. */
    private static final Duration CORE_STEPS_LIMIT = Duration.ofMinutes(2);

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TutorialExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Broker.class
                || type == Recorder.class
                || type == EmbeddedKafkaCluster.class
                || type == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Walk walk = walk(context);
        if (parameter.getParameter().getType() == Broker.class) {
            return walk.broker();
        }
        if (parameter.getParameter().getType() == EmbeddedKafkaCluster.class) {
            return walk.failoverCluster();
        }
        if (parameter.getParameter().getType() == EmbeddedKafkaBroker.class) {
            return walk.replayBroker();
        }
        Class<?> step = context.getRequiredTestClass();
        int place = context.getTestMethod() // the console tells a step's outputs in the order of its tests
                .flatMap(method -> AnnotationSupport.findAnnotation(method, Order.class))
                .map(Order::value)
                .orElse(context.getTestMethod().isPresent() ? Order.DEFAULT : Integer.MIN_VALUE);
        return walk.recorder(step, place);
    }

    /** A step's constructor gets the context of the test it is made for, so its recorder knows that test. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        Walk walk = walk(context);
        Broker broker = walk.broker(); // fail here, before the step, when there is no broker
        Class<?> step = context.getRequiredTestClass();
        AnnotationSupport.findAnnotation(step, NeedsFeature.class)
                .ifPresent(needed -> stepAsideWithout(needed, broker));
        if (!WalkPlan.isCore(step) && !WalkPlan.hasOwnBroker(step)) {
            walk.awaitCoreSteps(CORE_STEPS_LIMIT);
        }
        context.getStore(NAMESPACE).put("started", System.nanoTime());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<NeedsFeature> needed =
                context.getTestMethod().flatMap(method -> AnnotationSupport.findAnnotation(method, NeedsFeature.class));
        if (needed.isPresent()) {
            try {
                stepAsideWithout(needed.get(), walk(context).broker());
            } catch (TestAbortedException e) {
                walk(context)
                        .recorder(context.getRequiredTestClass(), Integer.MAX_VALUE)
                        .note(context.getRequiredTestMethod().getName() + " stepped aside: " + e.getMessage());
                throw e;
            }
        }
    }

    /**
     * Skips the chapter or test (JUnit counts its tests as skipped, not failed) when the cluster has not finalized the
     * feature at the level it needs, with one line that says what it needs and what this cluster has.
     */
    private static void stepAsideWithout(NeedsFeature needed, Broker broker) {
        Map<String, FinalizedVersionRange> finalized;
        try (Admin admin = Admin.create(broker.clientProperties())) {
            finalized = admin.describeFeatures()
                    .featureMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .finalizedFeatures();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the cluster did not describe its features: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the cluster for its features", e);
        }
        short has = Optional.ofNullable(finalized.get(needed.name()))
                .map(FinalizedVersionRange::maxVersionLevel)
                .orElse((short) 0);
        if (has < needed.level()) {
            String metadata = needed.name().equals("metadata.version")
                    ? ""
                    : Optional.ofNullable(finalized.get("metadata.version"))
                            .map(range -> ", " + level("metadata.version", range.maxVersionLevel()))
                            .orElse("");
            throw new TestAbortedException(needed.gives() + ": needs " + level(needed.name(), needed.level())
                    + "; this cluster has " + level(needed.name(), has) + metadata);
        }
    }

    /** A feature's level as kafka-features.sh names it: metadata.version by its release (4.0-IV3). */
    private static String level(String feature, short level) {
        if (!feature.equals("metadata.version")) {
            return feature + " " + level;
        }
        try {
            return "metadata.version " + MetadataVersion.fromFeatureLevel(level).version();
        } catch (IllegalArgumentException newerThanTheseJars) {
            return "metadata.version level " + level;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        context.getParent().ifPresent(step -> step.getStore(NAMESPACE).put("failure", cause));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        long started = store.getOrDefault("started", Long.class, System.nanoTime());
        Throwable failure = context.getExecutionException().orElse(store.get("failure", Throwable.class));
        Class<?> step = context.getRequiredTestClass();
        walk(context)
                .stepFinished(
                        step,
                        context.getDisplayName(),
                        WalkPlan.isCore(step),
                        Duration.ofNanos(System.nanoTime() - started),
                        failure);
    }

    /** The run's walk, which {@link WalkSession} put into the launcher session's store. */
    private static Walk walk(ExtensionContext context) {
        Walk walk = context.getStore(
                        ExtensionContext.StoreScope.LAUNCHER_SESSION, ExtensionContext.Namespace.create(Walk.class))
                .get(Walk.STORE_KEY, Walk.class);
        if (walk == null) {
            throw new IllegalStateException("no walk in the launcher session: is " + WalkSession.class.getName()
                    + " registered in META-INF/services/org.junit.platform.launcher.LauncherSessionListener?");
        }
        return walk;
    }
}
