package dev.hellokafka.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The tutorial's broker for trying Kafka by hand: {@code ./mvnw -q compile exec:java} starts it on
 * localhost:9092 and keeps it up until Ctrl-C. {@code -Dplayground.port=} picks another port;
 * {@code -Dplayground.dataDir=} keeps topics and records in that directory across restarts (by default they
 * live in a temporary directory removed on exit).
 */
public final class Playground {

    public static final int DEFAULT_PORT = 9092;

    private Playground() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.getInteger("playground.port", DEFAULT_PORT);
        String dataDir = System.getProperty("playground.dataDir", "");
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(port, dataDir.isBlank() ? null : Path.of(dataDir));
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
                            System.out.println("playground: stopping the broker");
                            broker.close();
                            System.out.println("playground: stopped");
                            stopped.countDown();
                        },
                        "playground-shutdown"));
        printWelcome(System.out, broker, dataDir.isBlank());
        stopped.await();
    }

    private static void printWelcome(PrintStream out, EmbeddedKafkaBroker broker, boolean temporary) {
        String address = "localhost:" + broker.port();
        out.println("playground: Apache Kafka " + AppInfoParser.getVersion() + " broker (KRaft, one node) is ready");
        out.println("  bootstrap servers  " + address);
        out.println("  cluster id         " + broker.clusterId());
        out.println("  data directory     " + broker.dataDir()
                + (temporary
                        ? "  (removed when it stops)"
                        : "  (kept: start again with the same -Dplayground.dataDir to find your topics)"));
        out.println("  try it             kcat -b " + address + " -L");
        out.println("  stop it            Ctrl-C");
        out.flush();
    }
}
