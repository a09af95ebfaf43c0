package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Asks the Docker engine directly, over its socket, whether Testcontainers will be able to start the Kafka
 * container: is there an engine, does it answer, does it have (or can it pull) every image Testcontainers will
 * run. Each question has a short bound, so the answer comes at once when the socket is missing or refuses, and
 * within seconds otherwise; Testcontainers itself would retry a pull that cannot succeed for minutes.
 */
public final class DockerProbe implements BrokerMode.DockerCheck {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration ANSWER = Duration.ofSeconds(5);

    private final List<URI> endpoints;
    private final List<String> supportImages;

    /**
     * @param endpoints where the engine may listen, in order ({@code unix:///var/run/docker.sock},
     *     {@code tcp://host:2375}); the first whose socket exists is asked
     * @param supportImages images Testcontainers runs beside the Kafka container (its reaper)
     */
    DockerProbe(List<URI> endpoints, List<String> supportImages) {
        this.endpoints = List.copyOf(endpoints);
        this.supportImages = List.copyOf(supportImages);
    }

    /**
     * Why Testcontainers could not start a container of this image on this machine (no engine, no answer, the
     * image neither there nor pullable), within seconds; empty when it could. For step 27, whose container test
     * would otherwise wait minutes for a pull that cannot succeed.
     */
    public static Optional<String> whyNoContainerOf(String image) {
        return forThisMachine().whyNotUsable(image);
    }

    /** Where Testcontainers would look on this machine, and the images it would need here. */
    static DockerProbe forThisMachine() {
        List<URI> endpoints = new ArrayList<>();
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            endpoints.add(URI.create(dockerHost.trim()));
        } else {
            String home = System.getProperty("user.home");
            String runtime = System.getenv("XDG_RUNTIME_DIR");
            endpoints.add(URI.create("unix:///var/run/docker.sock"));
            if (runtime != null) {
                endpoints.add(unixSocket(Path.of(runtime, ".docker", "run", "docker.sock")));
            }
            endpoints.add(unixSocket(Path.of(home, ".docker", "run", "docker.sock")));
            endpoints.add(unixSocket(Path.of(home, ".docker", "desktop", "docker.sock")));
        }
        // Testcontainers starts its resource reaper (Ryuk) before any container, unless told not to. (The image of
        // its start-up checks is not needed: a check that cannot run is logged and skipped.)
        List<String> images = new ArrayList<>();
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            images.add(org.testcontainers.utility.TestcontainersConfiguration.getInstance()
                    .getRyukImage());
        }
        return new DockerProbe(endpoints, images);
    }

    @Override
    public Optional<String> whyNotUsable(String kafkaImage) {
        Optional<URI> endpoint = endpoints.stream().filter(exists()).findFirst();
        if (endpoint.isEmpty()) {
            return Optional.of("no Docker engine socket at "
                    + String.join(", ", endpoints.stream().map(URI::toString).toList()));
        }
        URI engine = endpoint.get();
        try {
            String ping = request(engine, "GET", "/_ping");
            if (!ping.endsWith("OK")) {
                return Optional.of("the Docker engine at " + engine + " did not answer its ping: " + firstLine(ping));
            }
            List<String> images = new ArrayList<>();
            images.add(kafkaImage);
            images.addAll(supportImages);
            for (String image : images) {
                Optional<String> missing = whyNotAvailable(engine, image);
                if (missing.isPresent()) {
                    return missing;
                }
            }
            return Optional.empty();
        } catch (IOException | TimeoutException e) {
            return Optional.of("the Docker engine at " + engine + " "
                    + (e instanceof TimeoutException
                            ? "did not answer within " + ANSWER.toSeconds() + " s"
                            : "refused:" + " " + e.getMessage()));
        }
    }

    /** The image is there, or a pull of it has started; else why it cannot be had. */
    private Optional<String> whyNotAvailable(URI engine, String image) throws IOException, TimeoutException {
        if (statusOf(request(engine, "GET", "/images/" + image + "/json")) == 200) {
            return Optional.empty();
        }
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > image.lastIndexOf('/');
        String name = tagged ? image.substring(0, colon) : image;
        String tag = tagged ? image.substring(colon + 1) : "latest";
        // The engine answers a pull it cannot make with an error at once; a pull under way streams progress.
        String pull = request(engine, "POST", "/images/create?fromImage=" + name + "&tag=" + tag);
        int message = pull.indexOf("\"message\":\"");
        int error = pull.indexOf("\"error\":\"");
        int at = message >= 0 ? message + 11 : error >= 0 ? error + 9 : -1;
        if (at < 0) {
            return Optional.empty();
        }
        return Optional.of(
                "the image " + image + " is not on this machine, and Docker cannot pull it: " + jsonString(pull, at));
    }

    /** The JSON string that starts at {@code from} (just after its opening quote), unescaped. */
    private static String jsonString(String json, int from) {
        StringBuilder value = new StringBuilder();
        for (int i = from; i < json.length() && json.charAt(i) != '"'; i++) {
            char c = json.charAt(i);
            value.append(c == '\\' && i + 1 < json.length() ? json.charAt(++i) : c);
        }
        return value.toString();
    }

    private static URI unixSocket(Path path) {
        return URI.create("unix://" + path.toAbsolutePath());
    }

    private static Predicate<URI> exists() {
        return uri -> !"unix".equals(uri.getScheme()) || Files.exists(Path.of(uri.getPath()));
    }

    /** One HTTP/1.0 exchange with the engine; for a streamed answer, what arrived first. */
    static String request(URI engine, String method, String path) throws IOException, TimeoutException {
        SocketChannel channel = "unix".equals(engine.getScheme())
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                if ("unix".equals(engine.getScheme())) {
                    channel.connect(UnixDomainSocketAddress.of(engine.getPath()));
                } else {
                    channel.socket().connect(new InetSocketAddress(engine.getHost(), engine.getPort()), (int)
                            CONNECT.toMillis());
                }
                channel.write(
                        ByteBuffer.wrap((method + " " + path + " HTTP/1.0\r\nHost: docker\r\nContent-Length: 0\r\n\r\n")
                                .getBytes(UTF_8)));
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (channel.read(buffer) > 0) {
                    received.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                    String text = received.toString(UTF_8);
                    if (text.contains("\r\n\r\n")
                            && text.substring(text.indexOf("\r\n\r\n") + 4).contains("\n")) {
                        break; // a first line of a streamed body is enough
                    }
                }
                return received.toString(UTF_8).trim();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            channel.close();
        }
    }

    private static int statusOf(String response) {
        String[] statusLine = firstLine(response).split(" ");
        return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
