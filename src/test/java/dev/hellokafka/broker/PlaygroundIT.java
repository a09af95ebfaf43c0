package dev.hellokafka.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the playground the way a reader does, as its own process, and talks to it with a Kafka client. */
class PlaygroundIT {

    /**
     * Longer than Kafka's own limit for a broker to register (initial.broker.registration.timeout.ms, 60 s), so
     * that a start that fails says why in the playground's own line instead of ending in this test's timeout.
     */
    private static final Duration START = Duration.ofSeconds(90);

    private static final Duration STOP = Duration.ofSeconds(30);

    @Test
    void servesClientsAndStopsCleanlyWhenSignalled() throws Exception {
        int port = EmbeddedKafkaBroker.freePorts(1).get(0);
        try (Child playground = Child.start(port, null)) {
            playground.awaitReady();
            Path dataDir = Path.of(playground.valueOf("data directory"));
            assertTrue(Files.isDirectory(dataDir), "the playground keeps its data in " + dataDir);

            try (Admin admin = admin(port)) {
                admin.createTopics(List.of(new NewTopic("by-hand", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("by-hand"));
            }

            playground.stop();
            assertTrue(playground.output().contains("playground: stopped"), playground.output());
            assertFalse(Files.exists(dataDir), "the temporary data directory is gone");
        }
    }

    @Test
    void keepsTopicsInAGivenDataDirectoryAcrossRestarts(@TempDir Path dataDir) throws Exception {
        int port = EmbeddedKafkaBroker.freePorts(1).get(0);
        try (Child first = Child.start(port, dataDir)) {
            first.awaitReady();
            try (Admin admin = admin(port)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            first.stop();
        }
        try (Child again = Child.start(port, dataDir)) {
            again.awaitReady();
            try (Admin admin = admin(port)) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains("kept"), "the topic survived the restart: " + topics);
            }
            again.stop();
        }
        assertTrue(Files.exists(dataDir.resolve("meta.properties")), "a given data directory is kept");
    }

    @Test
    void createsATopicWhenAClientFirstWritesToIt() throws Exception {
        int port = EmbeddedKafkaBroker.freePorts(1).get(0);
        try (Child playground = Child.start(port, null)) {
            playground.awaitReady();
            Map<String, Object> producerProps = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
                producer.send(new ProducerRecord<>("first-use", "hello")).get(30, TimeUnit.SECONDS);
            }
            try (Admin admin = admin(port)) {
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("first-use"));
            }
            assertTrue(playground.output().contains("created when a client first writes"), playground.output());
            playground.stop();
        }
    }

    @Test
    void startsAClusterOfThreeBrokersOnConsecutivePorts() throws Exception {
        int port = freePortsInARow(3);
        try (Child playground = Child.start(port, null, "-Dplayground.brokers=3")) {
            playground.awaitReady();
            assertTrue(playground.output().contains("cluster of 3 brokers"), playground.output());
            try (Admin admin = admin(port)) {
                assertEquals(
                        List.of(port, port + 1, port + 2),
                        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                                .map(node -> node.port())
                                .sorted()
                                .toList(),
                        "three brokers, on consecutive ports");
                admin.createTopics(List.of(new NewTopic("three-copies", 1, (short) 3)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            playground.stop();
            assertTrue(playground.output().contains("playground: stopped"), playground.output());
        }
    }

    @Test
    void aPortInUseEndsInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"));
                Child playground = Child.start(taken.getLocalPort(), null)) {
            assertTrue(playground.endsWithin(START), "it gives up, not hangs");
            assertEquals(1, playground.process.exitValue());
            assertEquals(
                    List.of("playground: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use:"
                            + " stop what listens there, or choose another port"),
                    playground.errors);
        }
    }

    private static Admin admin(int port) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }

    /**
     * The first of {@code count} consecutive free ports, below Linux's ephemeral range (32768-60999), from which
     * the system picks the local ports of outgoing connections: a client of another test, in this JVM or beside
     * it, cannot take one of them between this check and the playground's start.
     */
    private static int freePortsInARow(int count) {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20_000 + random.nextInt(12_000);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = isFree(port);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " free ports in a row between 20000 and 32000");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The playground's main class in a JVM of its own, with its output collected line by line. */
    private static final class Child implements AutoCloseable {

        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> readers;

        private Child(Process process) {
            this.process = process;
            this.readers = List.of(collect(process.getInputStream(), lines), collect(process.getErrorStream(), errors));
        }

        static Child start(int port, Path dataDir, String... options) throws IOException {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    // its Kafka log in target/playground/target/kafka.log, not in the file this JVM writes
                    "-Dbasedir=" + Path.of("target", "playground").toAbsolutePath(),
                    "-cp",
                    classPath,
                    "-Dplayground.port=" + port));
            command.addAll(List.of(options));
            if (dataDir != null) {
                command.add("-Dplayground.dataDir=" + dataDir);
            }
            command.add(Playground.class.getName());
            return new Child(new ProcessBuilder(command).start());
        }

        void awaitReady() {
            try {
                await("the playground to say it is ready")
                        .atMost(START)
                        .failFast("the playground exited", () -> !process.isAlive())
                        // the welcome's last line: the lines before it (its values) have been read too
                        .until(() -> output().contains("is ready") && output().contains("stop it"));
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                awaitOutputIfEnded();
                throw new AssertionError(e.getMessage() + "; it printed:\n" + output() + "\n" + errorOutput(), e);
            }
        }

        /** The value printed after a label of the welcome text, e.g. "data directory". */
        String valueOf(String label) {
            return lines.stream()
                    .map(String::strip)
                    .filter(l -> l.startsWith(label))
                    .map(l -> l.substring(label.length()).strip().split("\\s{2,}")[0])
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + label + "' in:\n" + output()));
        }

        /**
         * Stops it as the system does (SIGTERM). Ctrl-C sends SIGINT instead, which runs the same shutdown hook;
         * it is not used here because a shell starting a build in the background makes its processes ignore
         * SIGINT, and this child would inherit that.
         */
        void stop() throws InterruptedException {
            process.toHandle().destroy(); // the signal only: Process.destroy() would also close its output
            assertTrue(endsWithin(STOP), "it stops within " + STOP + ":\n" + output());
        }

        /**
         * Whether the process ends within the given time; if it does, its output has been read to the end, since
         * what it printed last may still be in the pipes when it exits.
         */
        boolean endsWithin(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            awaitOutputIfEnded();
            return true;
        }

        /** A process that has ended may have printed more than has been read yet: reads it to its end. */
        private void awaitOutputIfEnded() {
            if (process.isAlive()) {
                return;
            }
            for (Thread reader : readers) {
                try {
                    reader.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        String errorOutput() {
            synchronized (errors) {
                return String.join("\n", errors);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly(); // nothing is left running, whatever the test saw
        }

        private static Thread collect(InputStream stream, List<String> into) {
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                            in.lines().forEach(into::add);
                        } catch (IOException | UncheckedIOException e) {
                            into.add("(output could not be read: " + e.getMessage() + ")");
                        }
                    },
                    "playground-output");
            reader.setDaemon(true);
            reader.start();
            return reader;
        }
    }
}
