package dev.hellokafka.broker;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.raft.DynamicVoters;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and controller,
 * started the way {@code kafka-storage.sh format} and {@code kafka-server-start.sh} start one, from the same
 * classes and a {@code server.properties} like Kafka's own. (This project's class: Spring Kafka has one of the
 * same name, which is not used here.) Listens on 127.0.0.1 unless told otherwise.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;

    /**
     * Where the broker listens and what it tells clients, and whether it creates topics on first use.
     *
     * @param bindHost the address to listen on: 127.0.0.1, or 0.0.0.0 for every interface
     * @param advertisedHost the host name clients are told to connect to; it must reach this machine from
     *     wherever the clients run (see {@code advertised.listeners})
     * @param autoCreateTopics {@code auto.create.topics.enable}: Kafka's default is true, the walk's broker false
     */
    public record Options(String bindHost, String advertisedHost, boolean autoCreateTopics) {
        /** The walk's broker: this machine only, and topics are created on purpose. */
        public static final Options WALK = new Options(LOOPBACK, LOOPBACK, false);

        /** The playground's broker: this machine only, and a topic is created when a client first uses it. */
        public static final Options PLAYGROUND = new Options(LOOPBACK, LOOPBACK, true);
    }

    private final KafkaNode node;
    private final boolean deleteDataDirOnClose;
    private final String bootstrapServers;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaNode node, boolean deleteDataDirOnClose, String bootstrapServers, String clusterId) {
        this.node = node;
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
     * @param port the client port, or 0 for any free port
     * @param dataDir where topics and records live; {@code null} for a temporary directory removed on close. A
     *     directory that already holds a broker's data is reused as it is.
     * @throws BrokerStartException with a one-line reason when the broker cannot start
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(port, dataDir, Options.WALK, Map.of(), List.of());
    }

    /**
     * Starts a broker with changes to the server properties below: added, or replacing a default. The listener
     * for clients is named CLIENT and the controller's CONTROLLER, so that security settings can map them to
     * other protocols ({@code listener.security.protocol.map}) and address them by name
     * ({@code listener.name.client....}).
     *
     * @param scramUsers SCRAM credentials written when the storage is formatted, as {@code kafka-storage.sh
     *     format --add-scram} does, e.g. {@code SCRAM-SHA-512=[name=admin,password=admin-secret]}: the broker's
     *     own user must exist before it can log in to itself
     */
    public static EmbeddedKafkaBroker start(
            int port, Path dataDir, Map<String, String> serverProperties, List<String> scramUsers) {
        return start(port, dataDir, Options.WALK, serverProperties, scramUsers);
    }

    /** Starts a broker that listens and advertises as the options say. */
    public static EmbeddedKafkaBroker start(
            int port, Path dataDir, Options options, Map<String, String> serverProperties, List<String> scramUsers) {
        requireDirectoryOrNothing(dataDir);
        List<ServerSocketChannel> ports = new ArrayList<>();
        try {
            ports.add(port == 0 ? bindFreePorts(options.bindHost(), 1).get(0) : bindPort(options.bindHost(), port));
            ports.addAll(bindFreePorts(LOOPBACK, 1)); // the controller's: a new one at every start, a restart too
        } catch (BrokerStartException e) {
            ports.forEach(KafkaNode::closeQuietly);
            throw e;
        }
        int clientPort = KafkaNode.port(ports.get(0));
        int controllerPort = KafkaNode.port(ports.get(1));
        boolean temporary = dataDir == null;
        Path dir = temporary ? createTempDir() : dataDir.toAbsolutePath();
        KafkaNode node = new KafkaNode(
                serverProperties(
                                options.bindHost(),
                                options.advertisedHost(),
                                clientPort,
                                controllerPort,
                                dir.toString())
                        + tutorialProperties(options.autoCreateTopics()),
                dir,
                ports);
        node.configure(serverProperties);
        try {
            // --standalone: the quorum starts with this node as its only voter, named with a new directory id.
            DynamicVoters standalone =
                    DynamicVoters.parse(NODE_ID + "@" + LOOPBACK + ":" + controllerPort + ":" + Uuid.randomUuid());
            String clusterId = node.format(Uuid.randomUuid().toString(), standalone, scramUsers);
            node.start();
            return new EmbeddedKafkaBroker(node, temporary, options.advertisedHost() + ":" + clientPort, clusterId);
        } catch (Exception | LinkageError e) {
            node.close();
            if (temporary) {
                deleteRecursively(dir);
            }
            throw new BrokerStartException("the embedded Kafka broker did not start: " + rootMessage(e), e);
        }
    }

    /**
     * Kafka's settings for this node, as a {@code server.properties} file (the resource beside this class), for a
     * node on these ports: the file a reader writes for a downloaded Kafka. The embedded broker loads it and then
     * {@link #tutorialProperties()}.
     */
    public static String serverProperties(String host, int clientPort, int controllerPort, String logDirs) {
        return serverProperties(host, host, clientPort, controllerPort, logDirs);
    }

    /**
     * What the tutorial sets on top of {@code server.properties} (the resource {@code tutorial.properties}), for
     * its chapters' speed: settings a reader does not copy into a real cluster.
     */
    public static String tutorialProperties() {
        return tutorialProperties(false);
    }

    /** The settings of {@link #tutorialProperties()} by name: for a broker this class does not start. */
    public static Map<String, String> tutorialSettings() {
        Properties settings = new Properties();
        try {
            settings.load(new StringReader(tutorialProperties()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> byName = new TreeMap<>();
        settings.stringPropertyNames().forEach(name -> byName.put(name, settings.getProperty(name)));
        return byName;
    }

    static String tutorialProperties(boolean autoCreateTopics) {
        return KafkaNode.properties(
                "tutorial.properties", Map.of("auto.create.topics.enable", String.valueOf(autoCreateTopics)));
    }

    private static String serverProperties(
            String host, String advertisedHost, int clientPort, int controllerPort, String logDirs) {
        String controllerHost = host.equals("0.0.0.0") ? LOOPBACK : host;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("node.id", String.valueOf(NODE_ID));
        values.put("host", host);
        values.put("advertised.host", advertisedHost);
        values.put("client.port", String.valueOf(clientPort));
        values.put("controller.port", String.valueOf(controllerPort));
        values.put("controller.quorum.bootstrap.servers", controllerHost + ":" + controllerPort);
        values.put("log.dirs", logDirs);
        values.put("internal.replication.factor", "1");
        values.put("internal.min.isr", "1");
        String text = KafkaNode.properties("server.properties", values);
        // The controller's listener stays on loopback: only this node talks to it.
        return text.replace("CONTROLLER://0.0.0.0:", "CONTROLLER://" + LOOPBACK + ":");
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
        return node.dataDir();
    }

    /** Stops the broker; a temporary data directory is removed with it. Stopping it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            node.close();
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(node.dataDir());
            }
        }
    }

    static void requireDirectoryOrNothing(Path dataDir) {
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new BrokerStartException(
                    "the data directory " + dataDir + " is a file: name a directory, or none for a temporary one",
                    null);
        }
    }

    /**
     * Sockets bound now on free ports of this host, as many as asked, for nodes to hold until they listen on them
     * (see {@link KafkaNode}). The ports are chosen below Linux's ephemeral range (32768-60999), from which the
     * system picks the local ports of outgoing connections.
     */
    static List<ServerSocketChannel> bindFreePorts(String host, int count) {
        List<ServerSocketChannel> bound = new ArrayList<>();
        for (int attempt = 0; bound.size() < count; attempt++) {
            if (attempt == 1_000) {
                bound.forEach(KafkaNode::closeQuietly);
                throw new BrokerStartException("no " + count + " free ports between 20000 and 32000 on " + host, null);
            }
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try {
                bound.add(KafkaNode.bind(host, port));
            } catch (IOException e) {
                // in use: try another
            }
        }
        return bound;
    }

    /**
     * Ports free now on the loopback address, as many as asked and all different, for a server that is not a node
     * of this JVM (a Connect worker, a playground in a process of its own). They are chosen as the nodes' are, and
     * let go: nothing holds them until that server binds them.
     */
    public static List<Integer> freePorts(int count) {
        List<ServerSocketChannel> bound = bindFreePorts(LOOPBACK, count);
        List<Integer> ports = bound.stream().map(KafkaNode::port).toList();
        bound.forEach(KafkaNode::closeQuietly);
        return ports;
    }

    /** A socket bound on the caller's port, for a node to hold; when the port is taken, says so in one line. */
    static ServerSocketChannel bindPort(String host, int port) {
        try {
            return KafkaNode.bind(host, port);
        } catch (IOException e) {
            throw new BrokerStartException(
                    "port " + port + " on " + host + " is already in use: stop what listens there, or choose another"
                            + " port",
                    e);
        }
    }

    static Path createTempDir() {
        try {
            return Files.createTempDirectory("hello-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }

    static String rootMessage(Throwable e) {
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
