package dev.hellokafka.harness;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.hellokafka.broker.BrokerStartException;
import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The three ways to get a broker for the walk, chosen with {@code -Dkafka.broker=}. */
public enum BrokerMode {

    /** A real KRaft broker inside the test JVM: the default, and the run that writes docs/. */
    EMBEDDED {
        @Override
        RunningBroker start(Map<String, String> settings, DockerCheck docker) {
            try {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                return new RunningBroker(
                        this,
                        "embedded Apache Kafka " + AppInfoParser.getVersion() + " (KRaft, in this JVM)",
                        broker.bootstrapServers(),
                        Map.of(),
                        broker::close);
            } catch (BrokerStartException e) {
                throw new BrokerUnavailableException(e.getMessage());
            }
        }
    },

    /** Testcontainers' Kafka module with the official image, where Docker runs. */
    TESTCONTAINERS {
        @Override
        RunningBroker start(Map<String, String> settings, DockerCheck docker) {
            String image = settings.getOrDefault(IMAGE, "apache/kafka-native:" + AppInfoParser.getVersion());
            Optional<String> why = docker.whyNotUsable(image);
            if (why.isEmpty() && !dockerAvailable(DOCKER_CHECK)) {
                why = Optional.of("the engine answers, but Testcontainers could not use it within "
                        + DOCKER_CHECK.toSeconds() + " s (details in target/kafka.log)");
            }
            if (why.isPresent()) {
                throw new BrokerUnavailableException("-Dkafka.broker=testcontainers needs a Docker engine that"
                        + " Testcontainers can use: " + why.get() + ". Start Docker (or pull the image), or drop"
                        + " -Dkafka.broker to use the embedded broker.");
            }
            KafkaContainer container = new KafkaContainer(
                            DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                    // The settings the tutorial's own server.properties changes, so that chapters behave alike.
                    .withEnv(containerEnv(EmbeddedKafkaBroker.tutorialSettings()));
            try {
                within(
                        CONTAINER_START,
                        () -> {
                            container.start();
                            return null;
                        },
                        () -> exitCode(container));
            } catch (RuntimeException e) {
                String lastLine = lastLineOf(container);
                startDaemon("testcontainers-stop", container::stop);
                throw new BrokerUnavailableException("the container " + image + " " + whyNotStarted(e, lastLine));
            }
            return new RunningBroker(
                    this, "Testcontainers " + image, container.getBootstrapServers(), Map.of(), container::stop);
        }
    },

    /** A cluster that is already running somewhere; nothing is started or stopped. */
    EXTERNAL {
        @Override
        RunningBroker start(Map<String, String> settings, DockerCheck docker) {
            String bootstrap = settings.get(BOOTSTRAP_SERVERS);
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new BrokerUnavailableException("-Dkafka.broker=external needs the cluster's address:"
                        + " add -Dkafka.bootstrap.servers=host:port[,host:port...]");
            }
            Map<String, Object> security = readClientConfig(settings.get(CLIENT_CONFIG));
            return new RunningBroker(this, "external cluster", bootstrap.trim(), security, () -> {});
        }
    };

    static final String MODE = "kafka.broker";
    static final String IMAGE = "kafka.image";
    static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    static final String CLIENT_CONFIG = "kafka.client.config";

    /** Testcontainers' own look at an engine the probe found usable; it answers in well under a second. */
    static final Duration DOCKER_CHECK = Duration.ofSeconds(10);

    static final Duration CONTAINER_START = Duration.ofMinutes(3);
    /** How Testcontainers says that a container ended while it waited for it. */
    private static final Pattern CONTAINER_EXITED = Pattern.compile("Container exited with code (\\d+)");

    /** Starts (or finds) the broker; {@code docker} says whether Docker can serve the testcontainers mode. */
    abstract RunningBroker start(Map<String, String> settings, DockerCheck docker);

    /** Whether a Docker engine can run the given image for Testcontainers, and if not, why, in a few words. */
    interface DockerCheck {
        Optional<String> whyNotUsable(String image);
    }

    /** Reads {@code -Dkafka.broker}; embedded when it is not given. */
    static BrokerMode from(Map<String, String> settings) {
        String value = settings.getOrDefault(MODE, "").trim();
        if (value.isEmpty()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String known = Arrays.stream(values()).map(BrokerMode::toString).collect(Collectors.joining(", "));
            throw new BrokerUnavailableException("unknown broker mode -D" + MODE + "=" + value + ": use one of " + known
                    + " (embedded is the default)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> readClientConfig(String file) {
        if (file == null || file.isBlank()) {
            return Map.of();
        }
        try {
            return ClientConfig.read(Path.of(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokerUnavailableException("cannot read -D" + CLIENT_CONFIG + "=" + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : rootMessage(e)));
        }
    }

    /** Whether Testcontainers finds a Docker engine it can use, within the given time. */
    static boolean dockerAvailable(Duration limit) {
        try {
            return within(limit, () -> DockerClientFactory.instance().isDockerAvailable(), Optional::empty);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs work in a daemon thread and gives up after the limit, so that no call into Docker can hang the run, or
     * sooner once the container it starts has ended (Testcontainers notices that only when its wait for the
     * broker's log line runs out, after a minute).
     */
    private static <T> T within(Duration limit, Callable<T> work, Supplier<Optional<Long>> exited) {
        FutureTask<T> task = new FutureTask<>(work);
        startDaemon("testcontainers-start", task);
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                try {
                    return task.get(
                            Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), MILLISECONDS);
                } catch (TimeoutException e) {
                    Optional<Long> exitCode = exited.get();
                    if (exitCode.isPresent() || System.nanoTime() >= deadline) {
                        task.cancel(true);
                        throw exitCode.isPresent()
                                ? new IllegalStateException("Container exited with code " + exitCode.get())
                                : new IllegalStateException("timed out", e);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What the container printed last, or nothing when it printed nothing or is gone. */
    private static String lastLineOf(KafkaContainer container) {
        try {
            return container.getContainerId() == null
                    ? ""
                    : container
                            .getLogs()
                            .lines()
                            .filter(line -> !line.isBlank())
                            .reduce("", (a, b) -> b)
                            .strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The container's exit code once it has ended; empty while it runs or is not made yet. */
    private static Optional<Long> exitCode(KafkaContainer container) {
        String id = container.getContainerId();
        if (id == null) {
            return Optional.empty();
        }
        try {
            var state = DockerClientFactory.instance()
                    .client()
                    .inspectContainerCmd(id)
                    .exec()
                    .getState();
            return "exited".equals(state.getStatus()) ? Optional.ofNullable(state.getExitCodeLong()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not there (yet, or any more): the start itself says what went wrong
        }
    }

    private static void startDaemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Broker settings as the apache/kafka image takes them: each an environment variable KAFKA_ and its name in
     * capitals, a dot written as _, an underscore as __ and a dash as ___.
     */
    static Map<String, String> containerEnv(Map<String, String> settings) {
        Map<String, String> env = new TreeMap<>();
        settings.forEach((name, value) -> env.put(
                "KAFKA_"
                        + name.replace("_", "__")
                                .replace("-", "___")
                                .replace('.', '_')
                                .toUpperCase(Locale.ROOT),
                value));
        return env;
    }

    /**
     * Why a container did not start, as the end of a sentence: that it exited, with the last line it printed, or
     * the root cause.
     */
    static String whyNotStarted(Throwable e, String lastLine) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            Matcher exited = CONTAINER_EXITED.matcher(String.valueOf(cause.getMessage()));
            if (exited.find()) {
                return "exited with code " + exited.group(1) + " before the broker was ready"
                        + (lastLine.isEmpty() ? "" : "; its last line: " + lastLine);
            }
        }
        return "did not start within " + CONTAINER_START.toSeconds() + " s: " + rootMessage(e)
                + " (pull the image first, or choose another with -Dkafka.image=)";
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
