package dev.hellokafka.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The tutorial's broker for trying Kafka by hand: {@code ./mvnw -q compile exec:java} starts it on
 * localhost:9092 and keeps it up until Ctrl-C. Like a broker of a Kafka download, it creates a topic the first
 * time a client writes to it. {@code -Dplayground.port=} picks another port; {@code -Dplayground.dataDir=}
 * keeps topics and records in that directory across restarts (by default they live in a temporary directory
 * removed on exit); {@code -Dplayground.brokers=3} starts a cluster of three brokers (and three controllers)
 * on consecutive ports; {@code -Dplayground.advertisedHost=} listens on every interface and tells clients to
 * connect to that host, for clients in Docker containers or on other machines.
 */
public final class Playground {

    public static final int DEFAULT_PORT = 9092;

    private Playground() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.getInteger("playground.port", DEFAULT_PORT);
        int brokers = Integer.getInteger("playground.brokers", 1);
        String dataDir = System.getProperty("playground.dataDir", "");
        String advertisedHost = System.getProperty("playground.advertisedHost", "");
        EmbeddedKafkaBroker.Options options = advertisedHost.isBlank()
                ? EmbeddedKafkaBroker.Options.PLAYGROUND
                : new EmbeddedKafkaBroker.Options("0.0.0.0", advertisedHost.trim(), true);
        Path data = dataDir.isBlank() ? null : Path.of(dataDir);
        AutoCloseable running;
        String description;
        String bootstrapServers;
        String clusterId;
        Path location;
        try {
            if (brokers > 1) {
                List<Integer> ports =
                        IntStream.range(port, port + brokers).boxed().toList();
                EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(brokers, ports, options, data);
                running = cluster;
                description = "cluster of " + brokers + " brokers and 3 controllers (KRaft)";
                bootstrapServers = cluster.bootstrapServers();
                clusterId = cluster.clusterId();
                location = cluster.dataDir();
            } else {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, data, options, Map.of(), List.of());
                running = broker;
                description = "broker (KRaft, one node)";
                bootstrapServers = broker.bootstrapServers();
                clusterId = broker.clusterId();
                location = broker.dataDir();
            }
        } catch (BrokerStartException e) {
            System.err.println("playground: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C (SIGINT) and SIGTERM run shutdown hooks: stop the broker there, and its temp dir goes with it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("playground: stopping");
                            try {
                                running.close();
                            } catch (Exception e) {
                                System.err.println("playground: " + e.getMessage());
                            }
                            System.out.println("playground: stopped");
                            stopped.countDown();
                        },
                        "playground-shutdown"));
        printWelcome(
                System.out,
                description,
                bootstrapServers.replace(EmbeddedKafkaBroker.LOOPBACK + ":", "localhost:"),
                clusterId,
                location,
                dataDir.isBlank());
        stopped.await();
    }

    private static void printWelcome(
            PrintStream out,
            String description,
            String bootstrapServers,
            String clusterId,
            Path dataDir,
            boolean temporary) {
        String first = bootstrapServers.split(",")[0];
        out.println("playground: Apache Kafka " + AppInfoParser.getVersion() + " " + description + " is ready");
        out.println("  bootstrap servers  " + bootstrapServers);
        out.println("  cluster id         " + clusterId);
        out.println("  data directory     "
                + (temporary
                        ? dataDir + "  (removed when it stops)"
                        : dataDir + "  (kept: start again with the same -Dplayground.dataDir to find your topics)"));
        out.println("  topics             created when a client first writes to one, as Kafka's default does;");
        out.println("                     or first: kafka-topics.sh --bootstrap-server " + first
                + " --create --topic sample");
        out.println("  try it             kcat -b " + first + " -L");
        out.println("  stop it            Ctrl-C");
        out.flush();
    }
}
