package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each wrong setting ends in one line that says what to do, quickly. Docker is never asked: its answer is handed in. */
class BrokerModeTest {

    private static final BrokerMode.DockerCheck NOT_ASKED = image -> {
        throw new AssertionError("this mode has no business with Docker");
    };

    @Test
    void aContainerGetsTheTutorialsSettingsInTheImagesNames() {
        Map<String, String> env = BrokerMode.containerEnv(EmbeddedKafkaBroker.tutorialSettings());
        assertEquals("0", env.get("KAFKA_GROUP_CONSUMER_ASSIGNMENT_INTERVAL_MS"), env.toString());
        assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), env.toString());
        assertEquals("1", env.get("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS"), env.toString());
        assertFalse(env.containsKey("KAFKA_NODE_ID"), "only the tutorial's own section: " + env);
        assertEquals(
                Map.of("KAFKA_A_B__C___D", "v"), BrokerMode.containerEnv(Map.of("a.b_c-d", "v")), "the image's rule");
    }

    @Test
    void embeddedIsTheDefault() {
        assertEquals(BrokerMode.EMBEDDED, BrokerMode.from(Map.of()));
        assertEquals(BrokerMode.EXTERNAL, BrokerMode.from(Map.of("kafka.broker", " External ")));
    }

    @Test
    void anUnknownModeNamesTheKnownOnes() {
        var e = assertThrows(
                BrokerUnavailableException.class, () -> BrokerMode.from(Map.of("kafka.broker", "zookeeper")));
        assertEquals(
                "unknown broker mode -Dkafka.broker=zookeeper: use one of embedded, testcontainers, external"
                        + " (embedded is the default)",
                e.getMessage());
    }

    @Test
    void externalWithoutAnAddressSaysWhichPropertyIsMissing() {
        var e = assertThrows(BrokerUnavailableException.class, () -> BrokerMode.EXTERNAL.start(Map.of(), NOT_ASKED));
        assertEquals(
                "-Dkafka.broker=external needs the cluster's address: add"
                        + " -Dkafka.bootstrap.servers=host:port[,host:port...]",
                e.getMessage());
    }

    @Test
    void aClientConfigFileThatIsNotThereIsNamed() {
        var e = assertThrows(
                BrokerUnavailableException.class,
                () -> BrokerMode.EXTERNAL.start(
                        Map.of(
                                "kafka.bootstrap.servers",
                                "localhost:9092",
                                "kafka.client.config",
                                "no/such/client.properties"),
                        NOT_ASKED));
        assertEquals("cannot read -Dkafka.client.config=no/such/client.properties: no such file", e.getMessage());
    }

    @Test
    void aClusterThatDoesNotAnswerFailsWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RunningBroker nobody =
                BrokerMode.EXTERNAL.start(Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort), NOT_ASKED);
        long started = System.nanoTime();
        var e = assertThrows(BrokerUnavailableException.class, () -> nobody.clusterId(Duration.ofSeconds(2)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(
                e.getMessage().startsWith("no Kafka broker answered at 127.0.0.1:" + closedPort + " within 2 s"),
                e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "gave up after " + took);
    }

    @Test
    void testcontainersWithoutDockerSaysWhyAtOnceAndNamesTheAlternative() {
        long started = System.nanoTime();
        var e = assertThrows(
                BrokerUnavailableException.class,
                () -> BrokerMode.TESTCONTAINERS.start(
                        Map.of("kafka.image", "apache/kafka-native:4.3.1"),
                        image -> Optional.of("no Docker engine socket at unix:///nonexistent.sock")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(
                "-Dkafka.broker=testcontainers needs a Docker engine that Testcontainers can use: no Docker engine"
                        + " socket at unix:///nonexistent.sock. Start Docker (or pull the image), or drop"
                        + " -Dkafka.broker to use the embedded broker.",
                e.getMessage());
        // at once: not after a wait for an engine or a pull (minutes); the bound leaves room for a loaded machine,
        // since this test runs beside the walk's core steps
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "at once, took " + took);
    }

    @Test
    void aContainerThatExitedIsSaidToHaveExitedWithItsLastLine() {
        // The chain Testcontainers throws when the container ended before its wait for the broker ran out; the
        // walk's own check throws "Container exited with code 1" sooner.
        var exited = new IllegalStateException(
                "Wait strategy failed. Container exited with code 1",
                new RuntimeException(
                        "Timed out waiting for log output matching '.*Transitioning from RECOVERY to" + " RUNNING.*'"));

        assertEquals(
                "exited with code 1 before the broker was ready; its last line: run: line 29: Permission denied",
                BrokerMode.whyNotStarted(
                        new RuntimeException("Container startup failed", exited), "run: line 29: Permission denied"));
        assertEquals(
                "did not start within 180 s: no such image (pull the image first, or choose another with"
                        + " -Dkafka.image=)",
                BrokerMode.whyNotStarted(
                        new RuntimeException("Container startup failed", new Exception("no such image")), ""));
    }
}
