package dev.hellokafka.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one extension a tutorial step uses ({@code @ExtendWith(TutorialExtension.class)}): it hands the step a
 * {@link Broker} and a {@link Recorder} recorder, and tells the console how the step went. The broker is started
 * once for the whole run, on first use, and stopped when the run ends, whether the steps passed or not.
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
        return type == Broker.class || type == Recorder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = session(context);
        if (parameter.getParameter().getType() == Broker.class) {
            return session.broker();
        }
        String step = context.getRequiredTestClass().getSimpleName();
        int place = context.getTestMethod() // the console tells a step's outputs in the order of its tests
                .flatMap(method -> AnnotationSupport.findAnnotation(method, Order.class))
                .map(Order::value)
                .orElse(context.getTestMethod().isPresent() ? Order.DEFAULT : Integer.MIN_VALUE);
        return new Recorder(step, place, session.normalizer(step), Console.INSTANCE);
    }

    /** A step's constructor gets the context of the test it is made for, so its recorder knows that test. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        session(context).broker(); // fail here, before the step, when there is no broker
        Class<?> step = context.getRequiredTestClass();
        if (!WalkPlan.isCore(step) && !WalkPlan.hasOwnBroker(step)) {
            WalkPlan.awaitCoreSteps(CORE_STEPS_LIMIT);
        }
        context.getStore(NAMESPACE).put("started", System.nanoTime());
        WalkPlan.stepStarted(step.getSimpleName());
    }

    /** A step's tests may run in threads of their own: the waits of each still count for the step. */
    @Override
    public void beforeEach(ExtensionContext context) {
        WalkPlan.stepStarted(context.getRequiredTestClass().getSimpleName());
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
        PageWriter.stepFinished(failure == null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        WalkPlan.stepFinished(context.getRequiredTestClass().getSimpleName(), took);
        Console.INSTANCE.printStep(
                context.getRequiredTestClass().getSimpleName(), context.getDisplayName(), took, failure);
        if (WalkPlan.isCore(context.getRequiredTestClass())) {
            WalkPlan.coreStepFinished();
        }
    }

    private static Session session(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Session.class, type -> Session.open(), Session.class);
    }

    /** The run's broker, or why there is none; closed by JUnit when the run ends. */
    static final class Session implements AutoCloseable {

        private final RunningBroker broker;
        private final Normalizer normalizer;
        private final Map<String, Normalizer> normalizerOfStep = new ConcurrentHashMap<>();
        private final BrokerUnavailableException failure;

        private Session(RunningBroker broker, Normalizer normalizer, BrokerUnavailableException failure) {
            this.broker = broker;
            this.normalizer = normalizer;
            this.failure = failure;
        }

        static Session open() {
            PageWriter.runStarted();
            Map<String, String> settings = new HashMap<>();
            System.getProperties().forEach((k, v) -> settings.put(k.toString(), v.toString()));
            RunningBroker broker = null;
            try {
                BrokerMode mode = BrokerMode.from(settings);
                long started = System.nanoTime();
                broker = mode.start(settings, DockerProbe.forThisMachine());
                String clusterId = broker.clusterId();
                Console.INSTANCE.printBroker(
                        broker.description(), broker.bootstrapServers(), Duration.ofNanos(System.nanoTime() - started));
                PageWriter.useBrokerMode(mode);
                return new Session(broker, new Normalizer(runValues(broker, clusterId)), null);
            } catch (BrokerUnavailableException e) {
                if (broker != null) {
                    broker.close();
                }
                Console.INSTANCE.printBrokerUnavailable(e.getMessage());
                return new Session(null, null, e);
            }
        }

        /** What the run knows it made: its cluster's id, and the broker addresses, however clients write them. */
        private static Map<String, String> runValues(RunningBroker broker, String clusterId) {
            Map<String, String> values = new HashMap<>();
            values.put(clusterId, "<cluster-id>");
            for (String address : broker.bootstrapServers().split(",")) {
                String port = address.substring(address.lastIndexOf(':') + 1).trim();
                values.put(address.trim(), "localhost:<port>");
                values.put("127.0.0.1:" + port, "localhost:<port>");
                values.put("localhost:" + port, "localhost:<port>");
            }
            return values;
        }

        Broker broker() {
            if (failure != null) {
                throw failure;
            }
            return broker;
        }

        /** The step's own normalizer: the run's values, and those the step registers. */
        Normalizer normalizer(String step) {
            broker();
            return normalizerOfStep.computeIfAbsent(step, s -> normalizer.forOneStep());
        }

        @Override
        public void close() {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
