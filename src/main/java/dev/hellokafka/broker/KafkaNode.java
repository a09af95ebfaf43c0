package dev.hellokafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.Selectable;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ProcessRole;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One Apache Kafka node running in this JVM: a KRaft process that is a broker, a controller, or both, set up
 * by a properties file like those of a Kafka download. Its storage is formatted once, as
 * {@code kafka-storage.sh format} does; then it can be started and stopped as often as needed, on the same
 * ports and the same data, as {@code kafka-server-start.sh} and {@code kafka-server-stop.sh} would.
 *
 * <p>The node holds its ports from the moment they were chosen until it first listens on them: each is bound by a
 * socket of this JVM that the node hands to Kafka when it starts. A port chosen free and left unbound could be
 * taken in between, by another node starting beside this one or by any socket of the machine, and a controller
 * that cannot bind its port stops the whole JVM. While the node is stopped, its ports are free, as a stopped
 * Kafka's are: a client that tries one is refused at once.
 */
final class KafkaNode {

    private final Properties config;
    private final Path dataDir;
    /** The sockets this node holds until Kafka first listens on them, by port; Kafka's threads take them. */
    private final Map<Integer, ServerSocketChannel> held = new ConcurrentHashMap<>();

    private Running running;

    /** @param ports bound sockets on the ports of the node's listeners, held by the node from now on */
    KafkaNode(String properties, Path dataDir, List<ServerSocketChannel> ports) {
        this.config = new Properties();
        try {
            config.load(new StringReader(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dataDir = dataDir;
        for (ServerSocketChannel port : ports) {
            held.put(port(port), port);
        }
    }

    /** A properties file of the broker room (server, broker or controller), with its ${...} filled in. */
    static String properties(String file, Map<String, String> values) {
        String text;
        try (InputStream in = KafkaNode.class.getResourceAsStream(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalStateException(file + " has a value nobody filled in: "
                    + text.substring(text.indexOf("${"), text.indexOf('}', text.indexOf("${")) + 1));
        }
        return text;
    }

    int nodeId() {
        return Integer.parseInt(config.getProperty("node.id"));
    }

    Path dataDir() {
        return dataDir;
    }

    /** Adds settings to the file's, or replaces some of its values. */
    void configure(Map<String, String> changes) {
        config.putAll(changes);
    }

    /**
     * What {@code kafka-storage.sh format} does: writes meta.properties and the bootstrap metadata. A data
     * directory that is already formatted keeps its cluster id and its records.
     *
     * @param initialControllers the quorum's first voters, for a controller; {@code null} for a broker
     * @return the cluster id stored in the directory
     */
    String format(String clusterId, DynamicVoters initialControllers, List<String> scramUsers) throws Exception {
        Files.createDirectories(dataDir);
        Path meta = dataDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            KafkaConfig kafkaConfig = KafkaConfig.fromProps(config, false);
            Formatter formatter = new Formatter()
                    .setNodeId(nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                    .setHasDynamicQuorum(true)
                    .setScramArguments(scramUsers)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
            if (initialControllers != null) {
                formatter.setInitialControllers(initialControllers);
            }
            formatter.addDirectory(dataDir.toString());
            formatter.run();
        }
        Properties stored = new Properties();
        try (var in = Files.newInputStream(meta)) {
            stored.load(in);
        }
        return stored.getProperty("cluster.id");
    }

    /** Starts the node; a broker returns once it is registered with the controllers and serving. */
    synchronized void start() {
        if (running != null) {
            return;
        }
        Running starting = new Running(KafkaConfig.fromProps(config, false), this::listen);
        try {
            starting.startup();
        } catch (RuntimeException | Error e) {
            starting.shutdown();
            throw e;
        }
        running = starting;
    }

    /** Stops the node (a broker hands its partition leaderships over first); stopping it again does nothing. */
    synchronized void stop() {
        if (running != null) {
            running.shutdown();
            running = null;
        }
    }

    /** Stops the node and lets go of the ports it still holds, if it never started. */
    synchronized void close() {
        stop();
        held.values().forEach(KafkaNode::closeQuietly);
        held.clear();
    }

    synchronized boolean isRunning() {
        return running != null;
    }

    /** Kafka's way to open a listener's socket: the one the node holds on that port, or a new one. */
    private ServerSocketChannel listen(String listener, InetSocketAddress address, int backlog, int receiveBufferSize)
            throws IOException {
        ServerSocketChannel socket = held.remove(address.getPort());
        if (socket == null) {
            return ServerSocketFactory.INSTANCE.openServerSocket(listener, address, backlog, receiveBufferSize);
        }
        if (receiveBufferSize != Selectable.USE_DEFAULT_BUFFER_SIZE) {
            socket.socket().setReceiveBufferSize(receiveBufferSize);
        }
        return socket;
    }

    /** A listening socket on this host and port, as Kafka opens one (not blocking), for a node to hold. */
    static ServerSocketChannel bind(String host, int port) throws IOException {
        ServerSocketChannel socket = ServerSocketChannel.open();
        try {
            socket.configureBlocking(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The port a socket of {@link #bind} holds. */
    static int port(ServerSocketChannel socket) {
        return socket.socket().getLocalPort();
    }

    static void closeQuietly(ServerSocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // it only held a port
        }
    }

    /**
     * The parts of a running node, built and started as {@code KafkaRaftServer} (what kafka-server-start.sh runs)
     * builds and starts them, with the node's own way to open its listeners' sockets: Kafka's server does not
     * take one.
     */
    private static final class Running {
        private final KafkaConfig config;
        private final Metrics metrics;
        private final ControllerServer controller;
        private final BrokerServer broker;

        Running(KafkaConfig config, ServerSocketFactory sockets) {
            this.config = config;
            Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs = KafkaRaftServer.initializeLogDirs(
                    config,
                    LoggerFactory.getLogger(KafkaRaftServer.class),
                    "[KafkaRaftServer nodeId=" + config.nodeId() + "] ");
            this.metrics = Server.initializeMetrics(
                    config, Time.SYSTEM, dirs._1().clusterId().get());
            SharedServer shared = new SharedServer(
                    config,
                    dirs._1(),
                    Time.SYSTEM,
                    metrics,
                    CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(
                            config.quorumConfig().voters())),
                    QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                    new StandardFaultHandlerFactory(),
                    sockets);
            this.controller = config.processRoles().contains(ProcessRole.ControllerRole)
                    ? new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2())
                    : null;
            this.broker = config.processRoles().contains(ProcessRole.BrokerRole) ? new BrokerServer(shared) : null;
        }

        /** The controller first: the broker learns the controllers' endpoints from it. */
        void startup() {
            if (controller != null) {
                controller.startup();
            }
            if (broker != null) {
                broker.startup();
            }
            AppInfoParser.registerAppInfo(
                    Server.MetricsPrefix(), String.valueOf(config.nodeId()), metrics, Time.SYSTEM.milliseconds());
        }

        /** The broker first: it may need the controller to hand its partitions over. */
        void shutdown() {
            if (broker != null) {
                broker.shutdown();
            }
            if (controller != null) {
                controller.shutdown();
            }
            AppInfoParser.unregisterAppInfo(Server.MetricsPrefix(), String.valueOf(config.nodeId()), metrics);
            if (broker != null) {
                broker.awaitShutdown();
            }
            if (controller != null) {
                controller.awaitShutdown();
            }
        }
    }
}
