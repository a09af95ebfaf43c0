package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each wrong setting ends in one line that says what to do, quickly. */
class BrokerModeTest {

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
        var e = assertThrows(BrokerUnavailableException.class, () -> BrokerMode.EXTERNAL.start(Map.of()));
        assertEquals(
                "-Dkafka.broker=external needs the cluster's address: add"
                        + " -Dkafka.bootstrap.servers=host:port[,host:port...]",
                e.getMessage());
    }

    @Test
    void aClientConfigFileThatIsNotThereIsNamed() {
        var e = assertThrows(
                BrokerUnavailableException.class,
                () -> BrokerMode.EXTERNAL.start(Map.of(
                        "kafka.bootstrap.servers",
                        "localhost:9092",
                        "kafka.client.config",
                        "no/such/client.properties")));
        assertEquals("cannot read -Dkafka.client.config=no/such/client.properties: no such file", e.getMessage());
    }

    @Test
    void aClusterThatDoesNotAnswerFailsWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RunningBroker nobody = BrokerMode.EXTERNAL.start(Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort));
        long started = System.nanoTime();
        var e = assertThrows(BrokerUnavailableException.class, () -> nobody.clusterId(Duration.ofSeconds(2)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(
                e.getMessage().startsWith("no Kafka broker answered at 127.0.0.1:" + closedPort + " within 2 s"),
                e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "gave up after " + took);
    }

    @Test
    void testcontainersWithoutDockerSaysSoAndNamesTheAlternative() {
        assumeFalse(BrokerMode.dockerAvailable(BrokerMode.DOCKER_CHECK), "Docker runs here");
        var e = assertThrows(BrokerUnavailableException.class, () -> BrokerMode.TESTCONTAINERS.start(Map.of()));
        assertTrue(e.getMessage().contains("needs a Docker engine"), e.getMessage());
        assertTrue(e.getMessage().contains("embedded broker"), e.getMessage());
    }
}
