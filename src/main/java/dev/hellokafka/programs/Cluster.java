package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * What the tutorial's programs share: where the cluster is, the settings a secured cluster needs,
 * and a topic created and ready for writes. Every program takes the same arguments: the bootstrap
 * servers ({@code localhost:9092} if none), and optionally a client properties file for a cluster
 * that requires TLS or logins ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}).
 */
public final class Cluster {

    private Cluster() {}

    /** The bootstrap servers: the program's first argument, or the playground's address. */
    public static String bootstrapServers(String[] args) {
        return args.length > 0 ? args[0] : "localhost:9092";
    }

    /** The settings of the client properties file the second argument names; none without one. */
    public static Properties settings(String[] args) throws IOException {
        Properties settings = new Properties();
        if (args.length > 1) {
            try (Reader in = Files.newBufferedReader(Path.of(args[1]))) {
                settings.load(in);
            }
        }
        return settings;
    }

    /**
     * Creates the topic, and returns once each partition's leader takes writes; a topic of that
     * name that is there already is fine. The controller answers the create as soon as it has
     * stored the topic, and each leader takes up its partition a moment later: a producer that
     * writes sooner is refused and retries, and on Kafka 4.3 an idempotent producer's retries can
     * then fail (KAFKA-15591, see the chapter "Nothing lost"). A leader answers listOffsets once it
     * leads its partition.
     */
    public static void createTopic(Properties adminProps, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    admin.listOffsets(partitions).all().get();
                    return;
                } catch (ExecutionException e) {
                    // A broker that does not know the topic yet says so; the admin client retries
                    // the others itself.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException(
                                "the leaders of " + topic.name() + " took no writes in 30 s");
                    }
                }
            }
        }
    }

    /**
     * Prints a message of Kafka's (why it refused something, say) on lines of its own, indented
     * by four spaces and broken between words, so that no line is longer than 100 characters.
     */
    public static void printIndented(String message) {
        StringBuilder line = new StringBuilder("   ");
        for (String word : String.valueOf(message).split(" ")) {
            if (line.length() > 3 && line.length() + 1 + word.length() > 100) {
                System.out.println(line);
                line = new StringBuilder("   ");
            }
            line.append(' ').append(word);
        }
        System.out.println(line);
    }

    /**
     * Makes Ctrl-C stop a consumer's poll loop: the JVM runs its shutdown hooks, and this one calls
     * the consumer's {@code wakeup()} (its poll in progress, or its next one, throws
     * WakeupException) and waits until the program's thread has finished, so that the consumer is
     * closed before the JVM exits. Called as {@code Cluster.stopOnCtrlC(consumer::wakeup)}, for a
     * consumer or a share consumer.
     */
    public static void stopOnCtrlC(Runnable wakeup) {
        Thread program = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            wakeup.run();
            try {
                program.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }
}
