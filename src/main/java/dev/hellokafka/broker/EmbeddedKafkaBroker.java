package dev.hellokafka.broker;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
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
     * Every port {@link #freePorts} has handed out in this JVM, so that none is handed out twice. A port is free when
     * chosen, but its node binds it seconds later: two nodes starting side by side could both be handed it, and a
     * controller that then cannot bind its port stops the JVM. It only grows, as the ports in use do: the range
     * holds 12,000 ports, and a run of the tutorial takes some forty.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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
        // Tried again on the caller's port and data too: the controller's port is always one chosen here, and a
        // start again on the same data is a restart. Should the caller's port be the one taken, the next start
        // says so in one line.
        return againIfAPortWasTaken(true, () -> startOnce(port, dataDir, options, serverProperties, scramUsers));
    }

    private static EmbeddedKafkaBroker startOnce(
            int port, Path dataDir, Options options, Map<String, String> serverProperties, List<String> scramUsers) {
        List<Integer> ports = port == 0
                ? freePorts(2, List.of())
                : List.of(
                        requireFreePort(port, options.bindHost()),
                        freePorts(1, List.of(port)).get(0));
        int clientPort = ports.get(0);
        int controllerPort = ports.get(1);
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
                dir);
        node.configure(serverProperties);
        try {
            // --standalone: the quorum starts with this node as its only voter, named with a new directory id.
            DynamicVoters standalone =
                    DynamicVoters.parse(NODE_ID + "@" + LOOPBACK + ":" + controllerPort + ":" + Uuid.randomUuid());
            String clusterId = node.format(Uuid.randomUuid().toString(), standalone, scramUsers);
            node.start();
            return new EmbeddedKafkaBroker(node, temporary, options.advertisedHost() + ":" + clientPort, clusterId);
        } catch (Exception | LinkageError e) {
            node.stop();
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
            node.stop();
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
     * Runs a start on ports that {@link #freePorts} chose, and runs it again on new ones (three times at most)
     * when one was taken before Kafka bound it: a port is free when chosen, and any socket of this machine, a
     * client's connection among them, may take it in between.
     *
     * @param mayTryAgain false when a start on new ports would not be the same start (a cluster whose quorum
     *     was formatted on the ports of the caller's directory)
     */
    static <T> T againIfAPortWasTaken(boolean mayTryAgain, Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (BrokerStartException e) {
                if (!mayTryAgain || attempt == 3 || !aPortWasTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean aPortWasTaken(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ports free now on the loopback address, as many as asked, all different and none of {@code taken}. They
     * are chosen below Linux's ephemeral range (32768-60999), from which the system picks the local ports of
     * outgoing connections: a client's connection cannot take one before the broker binds it (a controller
     * that cannot bind its port stops the whole JVM). Each is held open until all are chosen, and none is handed out
     * again in this JVM.
     */
    public static List<Integer> freePorts(int count, Collection<Integer> taken) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int attempt = 0; ports.size() < count; attempt++) {
                if (attempt == 1_000) {
                    throw new BrokerStartException(
                            "no " + count + " free ports between 20000 and 32000 on " + LOOPBACK, null);
                }
                int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
                if (taken.contains(port) || !HANDED_OUT.add(port)) {
                    continue; // taken, or handed out before: never twice, though it may be free again
                }
                try {
                    ServerSocket socket = new ServerSocket();
                    held.add(socket);
                    socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
                    ports.add(port);
                } catch (IOException e) {
                    // in use: try another
                }
            }
            return List.copyOf(ports);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // it was only held to keep the port from being handed out twice
                }
            }
        }
    }

    static int requireFreePort(int port, String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return port;
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
