package dev.hellokafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    /**
     * A node's ports are bound from the moment they are chosen until Kafka listens on them: no other socket can take
     * one in between, another node starting beside it among them (a controller that could not bind its port would
     * stop the JVM).
     */
    @Test
    void aChosenPortIsHeldUntilItsNodeListens() throws IOException {
        List<ServerSocketChannel> held = EmbeddedKafkaBroker.bindFreePorts("127.0.0.1", 2);
        try {
            for (ServerSocketChannel socket : held) {
                int port = KafkaNode.port(socket);
                try (ServerSocket other = new ServerSocket()) {
                    assertThrows(
                            BindException.class,
                            () -> other.bind(new InetSocketAddress("127.0.0.1", port)),
                            "port " + port + " could be taken while held");
                }
            }
        } finally {
            held.forEach(KafkaNode::closeQuietly);
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
}
