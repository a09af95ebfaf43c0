package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against a stand-in for the Docker engine: a Unix socket in a temporary directory, with canned answers. */
class DockerProbeTest {

    private static final String IMAGE = "apache/kafka-native:4.3.1";

    @TempDir
    Path dir;

    private ServerSocketChannel engine;

    @AfterEach
    void stopTheEngine() throws IOException {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSocketThatIsNotThereIsNamedAtOnce() {
        URI socket = URI.create("unix://" + dir.resolve("docker.sock"));

        assertEquals(
                Optional.of("no Docker engine socket at " + socket),
                probe(socket).whyNotUsable(IMAGE));
    }

    @Test
    void aSocketNobodyListensOnRefuses() throws IOException {
        URI socket = URI.create("unix://" + dir.resolve("docker.sock"));
        ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(dir.resolve("docker.sock")))
                .close(); // the socket file stays, and nothing listens on it

        Optional<String> why = probe(socket).whyNotUsable(IMAGE);

        assertTrue(why.orElseThrow().startsWith("the Docker engine at " + socket + " refused:"), why.toString());
    }

    @Test
    void anImageThatCannotBePulledIsNamedWithTheEnginesReason() throws IOException {
        URI socket = engine(
                Map.of(
                        "GET /_ping",
                        "HTTP/1.1 200 OK\r\n\r\nOK",
                        "GET /images/" + IMAGE + "/json",
                        "HTTP/1.1 404 Not Found\r\n\r\n{\"message\":\"No such image\"}\n",
                        "POST /images/create?fromImage=apache/kafka-native&tag=4.3.1",
                        "HTTP/1.1 200 OK\r\n\r\n{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": no such host\"}\n"));

        assertEquals(
                Optional.of("the image " + IMAGE + " is not on this machine, and Docker cannot pull it: Get"
                        + " \"https://registry-1.docker.io/v2/\": no such host"),
                probe(socket).whyNotUsable(IMAGE));
    }

    @Test
    void everyImageTestcontainersRunsMustBeThere() throws IOException {
        URI socket = engine(Map.of(
                "GET /_ping",
                "HTTP/1.1 200 OK\r\n\r\nOK",
                "GET /images/" + IMAGE + "/json",
                "HTTP/1.1 200 OK\r\n\r\n{}\n",
                "GET /images/testcontainers/ryuk:0.13.0/json",
                "HTTP/1.1 404 Not Found\r\n\r\n{}\n",
                "POST /images/create?fromImage=testcontainers/ryuk&tag=0.13.0",
                "HTTP/1.1 500 Internal Server Error\r\n\r\n{\"message\":\"registry unreachable\"}\n"));

        assertEquals(
                Optional.of("the image testcontainers/ryuk:0.13.0 is not on this machine, and Docker cannot pull it:"
                        + " registry unreachable"),
                new DockerProbe(List.of(socket), List.of("testcontainers/ryuk:0.13.0")).whyNotUsable(IMAGE));
    }

    @Test
    void anEngineWithTheImagesIsUsable() throws IOException {
        URI socket = engine(Map.of(
                "GET /_ping",
                "HTTP/1.1 200 OK\r\n\r\nOK",
                "GET /images/" + IMAGE + "/json",
                "HTTP/1.1 200 OK\r\n\r\n{}\n"));

        assertEquals(Optional.empty(), probe(socket).whyNotUsable(IMAGE));
    }

    @Test
    void anImageBeingPulledCountsAsThere() throws IOException {
        URI socket = engine(Map.of(
                "GET /_ping",
                "HTTP/1.1 200 OK\r\n\r\nOK",
                "GET /images/" + IMAGE + "/json",
                "HTTP/1.1 404 Not Found\r\n\r\n{}\n",
                "POST /images/create?fromImage=apache/kafka-native&tag=4.3.1",
                "HTTP/1.1 200 OK\r\n\r\n{\"status\":\"Pulling from apache/kafka-native\",\"id\":\"4.3.1\"}\n"));

        assertEquals(Optional.empty(), probe(socket).whyNotUsable(IMAGE));
    }

    private static DockerProbe probe(URI socket) {
        return new DockerProbe(List.of(socket), List.of());
    }

    /** Serves the canned answers, by request line, on a Unix socket; anything else gets a 404. */
    private URI engine(Map<String, String> answers) throws IOException {
        Path path = dir.resolve("docker.sock");
        engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path));
        Thread server = new Thread(
                () -> {
                    while (engine.isOpen()) {
                        try (SocketChannel client = engine.accept()) {
                            ByteBuffer buffer = ByteBuffer.allocate(4096);
                            client.read(buffer);
                            String request = new String(buffer.array(), 0, buffer.position(), UTF_8);
                            String line = request.substring(0, request.indexOf(" HTTP/"));
                            String answer = answers.getOrDefault(line, "HTTP/1.1 404 Not Found\r\n\r\n{}\n");
                            client.write(ByteBuffer.wrap(answer.getBytes(UTF_8)));
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "fake-docker-engine");
        server.setDaemon(true);
        server.start();
        return URI.create("unix://" + path);
    }
}
