package dev.hellokafka.harness;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * One run of the walk, and everything it knows: its broker, which steps it holds and in which order the console
 * tells them, what they recorded for the pages, and how each went. JUnit holds it in the launcher session's store
 * ({@link WalkSession}) and closes it with the session, which stops the broker.
 */
public final class Walk implements AutoCloseable {

    /** Where JUnit keeps the walk, for the extension and the listener alike. */
    static final String STORE_KEY = Walk.class.getName();

    /**
     * The resource lock ({@code @ResourceLock}) of the chapters that use the {@link #failoverCluster()}: they take
     * turns on it, as they would on one cluster of their own.
     */
    public static final String FAILOVER_CLUSTER = "the cluster of the chapters on failover";

    private final Map<String, String> settings;
    private final Path target;
    private final Recordings recordings = new Recordings();
    private final Console console;
    private final Map<String, Duration> took = new ConcurrentHashMap<>();
    private final Set<String> failedSteps = ConcurrentHashMap.newKeySet();
    /** The steps that stepped aside on this cluster, and why ({@link NeedsFeature}). */
    private final Map<String, String> steppedAside = new ConcurrentHashMap<>();

    private final Map<String, Normalizer> normalizerOfStep = new ConcurrentHashMap<>();

    /** The plan's steps in the order they are told; set once, when the plan starts. */
    private volatile List<String> steps = List.of();

    private volatile CountDownLatch coreStepsToRun = new CountDownLatch(0);

    private Chapters chapters;
    private BrokerMode mode;
    private RunningBroker broker;
    private Normalizer normalizer;
    private BrokerUnavailableException noBroker;
    private boolean closed;

    private final Object failoverClusterLock = new Object();
    private EmbeddedKafkaCluster failoverCluster;

    private final Object replayBrokerLock = new Object();
    private EmbeddedKafkaBroker replayBroker;

    Walk(Map<String, String> settings, Path target) {
        this.settings = Map.copyOf(settings);
        this.target = target;
        this.console = Console.ofSystemOut(() -> steps);
    }

    /** A walk configured by this JVM's system properties ({@code -Dkafka.broker=...}), in this build's target/. */
    static Walk ofThisJvm() {
        Map<String, String> settings = new HashMap<>();
        System.getProperties().forEach((k, v) -> settings.put(k.toString(), v.toString()));
        return new Walk(settings, PageWriter.target());
    }

    /** The plan holds these chapters' steps, in order; {@code coreSteps} of them must finish before the others. */
    void planned(List<String> stepsInOrder, int coreSteps) {
        steps = List.copyOf(stepsInOrder);
        coreStepsToRun = new CountDownLatch(coreSteps);
    }

    /** The chapters, as the page sources list them; read once, when first needed. */
    synchronized Chapters chapters() {
        if (chapters == null) {
            chapters = Chapters.ofThisProject();
        }
        return chapters;
    }

    /** Whether this run holds steps of the tutorial (a run of other tests, such as step 27's, holds none). */
    boolean isWalk() {
        return !steps.isEmpty();
    }

    List<String> steps() {
        return steps;
    }

    /** The run's broker, started on first use; or, once and for all, why there is none. */
    synchronized Broker broker() {
        if (broker == null && noBroker == null) {
            start();
        }
        if (noBroker != null) {
            throw noBroker;
        }
        return broker;
    }

    private void start() {
        RunningBroker started = null;
        try {
            BrokerMode brokerMode = BrokerMode.from(settings);
            long startedAt = System.nanoTime();
            started = brokerMode.start(settings, DockerProbe.forThisMachine());
            String clusterId = started.clusterId();
            console.printBroker(
                    started.description(), started.bootstrapServers(), Duration.ofNanos(System.nanoTime() - startedAt));
            mode = brokerMode;
            broker = started;
            normalizer = new Normalizer(runValues(started, clusterId));
        } catch (BrokerUnavailableException e) {
            if (started != null) {
                started.close();
            }
            console.printBrokerUnavailable(e.getMessage());
            noBroker = e;
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

    /**
     * Three brokers and three controllers in this JVM, in every broker mode, for the chapters on failover, which
     * stop and start their nodes: started for the first of them and stopped with the walk, one start instead of one
     * per chapter. Each takes it with every node running again, and with topics of its own, so what its page shows
     * does not depend on which chapter had the cluster before.
     */
    EmbeddedKafkaCluster failoverCluster() {
        synchronized (failoverClusterLock) { // not the walk's lock: the cluster takes seconds to start
            if (failoverCluster == null) {
                failoverCluster = EmbeddedKafkaCluster.start(3);
            } else {
                failoverCluster.startStoppedNodes();
            }
            return failoverCluster;
        }
    }

    /**
     * A broker apart from the walk's, in every broker mode, for the chapters that go on from an earlier page: each
     * sends that page's records again, to topics no other chapter writes, so that what its page shows does not
     * depend on when the earlier chapter runs. They share it, side by side, as they use different topics and
     * groups: one start instead of one per chapter. Started for the first of them and stopped with the walk.
     */
    EmbeddedKafkaBroker replayBroker() {
        synchronized (replayBrokerLock) { // not the walk's lock: the broker takes a moment to start
            if (replayBroker == null) {
                replayBroker = EmbeddedKafkaBroker.start();
            }
            return replayBroker;
        }
    }

    /**
     * A recorder for a test of the step, which records for the step's chapter; {@code place} orders its outputs among
     * the step's on the console.
     */
    Recorder recorder(Class<?> step, int place) {
        broker();
        String chapter = Chapters.nameOf(step);
        Normalizer ofStep = normalizerOfStep.computeIfAbsent(chapter, s -> normalizer.forOneStep());
        return new Recorder(chapter, place, ofStep, console, recordings);
    }

    /** Returns once every core step of the run has finished, passed or not. */
    void awaitCoreSteps(Duration atMost) throws InterruptedException {
        if (!coreStepsToRun.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the core steps did not finish within " + atMost.toSeconds() + " s");
        }
    }

    /** The step's test class has run: the console tells it, under its chapter's numbered title if it has one. */
    void stepFinished(Class<?> stepClass, String displayName, boolean core, Duration duration, Throwable failure) {
        String step = Chapters.nameOf(stepClass);
        took.put(step, duration);
        if (failure instanceof TestAbortedException) {
            steppedAside.put(step, failure.getMessage());
        } else if (failure != null) {
            failedSteps.add(step);
        }
        String title = chapters().named(step).map(Chapters.Chapter::title).orElse(displayName);
        console.printStep(step, title, duration, failure);
        if (core) {
            coreStepsToRun.countDown();
        }
    }

    /** How long each step of this walk took, from its start (after the core steps) to its end. */
    public Map<String, Duration> tookPerStep() {
        return Map.copyOf(took);
    }

    /**
     * The walk is over: the console tells the steps still waiting, the outputs of the steps that passed are saved
     * for the docs (see {@link PageWriter}), and the console says whether docs/ matches them.
     */
    void finished() {
        console.flush();
        WalkPlan.storeTimes(target, took);
        if (mode == null) {
            return; // no broker, so no step ran
        }
        Set<String> passed = new java.util.TreeSet<>(took.keySet());
        passed.removeAll(failedSteps);
        passed.removeAll(steppedAside.keySet());
        PageWriter.saveRecordings(recordings, passed, mode, target);
        console.println(PageWriter.afterTheWalk(mode, steps, failedSteps, steppedAside.keySet(), target));
        console.println(Console.tally(took.size(), steppedAside));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (failoverClusterLock) {
            if (failoverCluster != null) {
                failoverCluster.close();
            }
        }
        synchronized (replayBrokerLock) {
            if (replayBroker != null) {
                replayBroker.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }
}
