package dev.hellokafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;

/**
 * One Apache Kafka node running in this JVM: a KRaft process that is a broker, a controller, or both, set up
 * by a properties file like those of a Kafka download. Its storage is formatted once, as
 * {@code kafka-storage.sh format} does; then it can be started and stopped as often as needed, on the same
 * ports and the same data, as {@code kafka-server-start.sh} and {@code kafka-server-stop.sh} would.
 */
final class KafkaNode {

    private final Properties config;
    private final Path dataDir;
    private KafkaRaftServer server;

    KafkaNode(String properties, Path dataDir) {
        this.config = new Properties();
        try {
            config.load(new StringReader(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dataDir = dataDir;
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
        if (server != null) {
            return;
        }
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException | Error e) {
            stop(starting);
            throw e;
        }
        server = starting;
    }

    /** Stops the node (a broker hands its partition leaderships over first); stopping it again does nothing. */
    synchronized void stop() {
        if (server != null) {
            stop(server);
            server = null;
        }
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }
}
