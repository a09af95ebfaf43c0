package dev.hellokafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    /**
     * Nodes that start side by side each ask for free ports before they bind them: a port handed to two of them would
     * stop the JVM. Among 500 ports drawn at random from 12,000, two would be the same nearly every time (all
     * different with a chance of 1 in 30,000) were the ports handed out not remembered.
     */
    @Test
    void aPortIsHandedOutOnceInAJvm() {
        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            List<Integer> two = EmbeddedKafkaBroker.freePorts(2, List.of());
            assertEquals(2, two.size());
            for (int port : two) {
                assertTrue(handedOut.add(port), "port " + port + " handed out twice");
            }
        }
    }

    @Test
    void aPortThatIsTakenIsNamedInOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            var e = assertThrows(BrokerStartException.class, () -> EmbeddedKafkaBroker.start(port, null));
            assertEquals(
                    "port " + port + " on 127.0.0.1 is already in use: stop what listens there, or choose"
                            + " another port",
                    e.getMessage());
        }
    }

    @Test
    void aDataDirectoryThatCannotBeUsedEndsInOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "a file where the data directory should be");
        var e = assertThrows(BrokerStartException.class, () -> EmbeddedKafkaBroker.start(0, file));
        assertEquals(
                "the data directory " + file + " is a file: name a directory, or none for a temporary one",
                e.getMessage());
    }

    @Test
    void aStartThatLostAPortIsTriedAgainOnNewOnes() {
        AtomicInteger starts = new AtomicInteger();
        String started = EmbeddedKafkaBroker.againIfAPortWasTaken(true, () -> {
            if (starts.incrementAndGet() == 1) {
                throw new BrokerStartException(
                        "the embedded Kafka broker did not start: Address already in use",
                        new KafkaException(new BindException("Address already in use")));
            }
            return "started";
        });
        assertEquals("started", started);
        assertEquals(2, starts.get());
    }

    @Test
    void aStartOnPortsOrDataOfTheCallersIsNotTriedAgain() {
        AtomicInteger starts = new AtomicInteger();
        assertThrows(
                BrokerStartException.class,
                () -> EmbeddedKafkaBroker.againIfAPortWasTaken(false, () -> {
                    starts.incrementAndGet();
                    throw new BrokerStartException("taken", new BindException("Address already in use"));
                }));
        assertEquals(1, starts.get());
        assertThrows(
                BrokerStartException.class,
                () -> EmbeddedKafkaBroker.againIfAPortWasTaken(true, () -> {
                    starts.incrementAndGet();
                    throw new BrokerStartException("another reason", new IllegalStateException("not a port"));
                }));
        assertEquals(2, starts.get(), "only a port that was taken is a reason to try again");
    }
}
