package dev.hellokafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and controller,
 * started the way {@code kafka-storage.sh format} and {@code kafka-server-start.sh} start one, from the same
 * classes. Listens on 127.0.0.1 only.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String bootstrapServers;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            Path dataDir,
            boolean deleteDataDirOnClose,
            String bootstrapServers,
            String clusterId) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
    }

    /** Starts a broker on free ports with its data in a temporary directory that {@link #close()} removes. */
    public static EmbeddedKafkaBroker start() {
        return start(0, null);
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @param port    the client port, or 0 for any free port
     * @param dataDir where topics and records live; {@code null} for a temporary directory removed on close.
     *                A directory that already holds a broker's data is reused as it is.
     * @throws BrokerStartException with a one-line reason when the broker cannot start
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(port, dataDir, Map.of(), List.of());
    }

    /**
     * Starts a broker with changes to the server properties below: added, or replacing a default. The
     * listener for clients is named CLIENT and the controller's CONTROLLER, so that security settings can map
     * them to other protocols ({@code listener.security.protocol.map}) and address them by name
     * ({@code listener.name.client....}).
     *
     * @param scramUsers SCRAM credentials written when the storage is formatted, as {@code kafka-storage.sh
     *                   format --add-scram} does, e.g. {@code SCRAM-SHA-512=[name=admin,password=admin-secret]}:
     *                   the broker's own user must exist before it can log in to itself
     */
    public static EmbeddedKafkaBroker start(
            int port, Path dataDir, Map<String, String> serverProperties, List<String> scramUsers) {
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new BrokerStartException(
                    "the data directory " + dataDir + " is a file: name a directory, or" + " none for a temporary one",
                    null);
        }
        int clientPort = port == 0 ? freePort() : requireFreePort(port);
        int controllerPort = freePort();
        boolean temporary = dataDir == null;
        Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
        KafkaRaftServer server = null;
        try {
            Files.createDirectories(dir);
            Properties config = serverConfig(clientPort, controllerPort, dir);
            config.putAll(serverProperties);
            KafkaConfig kafkaConfig = KafkaConfig.fromProps(config, false);
            String clusterId = formatStorage(kafkaConfig, dir, scramUsers, controllerPort);
            server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            server.startup(); // returns once the broker is registered with the controller and unfenced
            return new EmbeddedKafkaBroker(server, dir, temporary, HOST + ":" + clientPort, clusterId);
        } catch (Exception | LinkageError e) {
            if (server != null) {
                stop(server);
            }
            if (temporary) {
                deleteRecursively(dir);
            }
            throw new BrokerStartException("the embedded Kafka broker did not start: " + rootMessage(e), e);
        }
    }

    /**
     * The broker's configuration as a {@code server.properties} file (the resource beside this class), for a
     * node on these ports. It is the file a reader would write for a downloaded Kafka; the embedded broker loads
     * it the same way.
     */
    public static String serverProperties(String host, int clientPort, int controllerPort, String logDirs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("node.id", String.valueOf(NODE_ID));
        values.put("host", host);
        values.put("advertised.host", host);
        values.put("client.port", String.valueOf(clientPort));
        values.put("controller.port", String.valueOf(controllerPort));
        values.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        values.put("log.dirs", logDirs);
        values.put("internal.replication.factor", "1");
        values.put("internal.min.isr", "1");
        values.put("auto.create.topics.enable", "false");
        return fill(template(), values);
    }

    private static String template() {
        try (InputStream in = EmbeddedKafkaBroker.class.getResourceAsStream("server.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalStateException("server.properties has a value nobody filled in: "
                    + text.substring(text.indexOf("${"), text.indexOf('}', text.indexOf("${")) + 1));
        }
        return text;
    }

    private static Properties serverConfig(int clientPort, int controllerPort, Path dataDir) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(serverProperties(HOST, clientPort, controllerPort, dataDir.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * What {@code kafka-storage.sh format} does: writes meta.properties and the bootstrap metadata. A data
     * directory from an earlier run is already formatted and keeps its cluster id and records.
     */
    private static String formatStorage(KafkaConfig config, Path dataDir, List<String> scramUsers, int controllerPort)
            throws Exception {
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            // --standalone: the quorum starts with this node as its only voter, named with a new directory id.
            DynamicVoters standalone =
                    DynamicVoters.parse(NODE_ID + "@" + HOST + ":" + controllerPort + ":" + Uuid.randomUuid());
            Formatter formatter = new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(true)
                    .setInitialControllers(standalone)
                    .setScramArguments(scramUsers)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
            formatter.addDirectory(dataDir.toString());
            formatter.run();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(meta)) {
            properties.load(in);
        }
        return properties.getProperty("cluster.id");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client port: start the broker again with it and clients find it where they left it. */
    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker; a temporary data directory is removed with it. Stopping it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop(server);
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerStartException("no free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (IOException e) {
            throw new BrokerStartException(
                    "port " + port + " on " + HOST
                            + " is already in use: stop what listens there, or choose another port",
                    e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("hello-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getMessage() == null || root instanceof FileSystemException) { // its message is only a path
            return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
        }
        return root.getMessage();
    }
}
