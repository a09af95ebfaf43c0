package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A report: reads the topic transfers from its first offset to its end twice, with a read_committed
 * and with a read_uncommitted consumer, and prints offset by offset what each was given. An offset
 * neither was given holds no record: a transaction marker.
 */
public final class ReadTheTransfers {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("transfers", 1, (short) 1));

        Map<Long, String> committed = new TreeMap<>();
        read(args, "read_committed", committed);
        Map<Long, String> uncommitted = new TreeMap<>();
        long end = read(args, "read_uncommitted", uncommitted);

        System.out.printf("%-6s %-16s %-16s%n", "offset", "read_committed", "read_uncommitted");
        for (long offset = 0; offset < end; offset++) {
            System.out.printf(
                    "%-6d %-16s %-16s%s%n",
                    offset,
                    committed.getOrDefault(offset, "-"),
                    uncommitted.getOrDefault(offset, "-"),
                    uncommitted.containsKey(offset) ? "" : " no record: a transaction marker");
        }
    }

    /**
     * Reads partition 0 with a consumer of this isolation level, from its first offset to the end
     * the consumer finds, into {@code given} by offset; returns that end. A read_uncommitted
     * consumer's end is the end of the log; a read_committed one's is the last stable offset, the
     * first offset of the oldest transaction still open.
     */
    private static long read(String[] args, String isolationLevel, Map<Long, String> given)
            throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("transfers", 0);
            consumer.assign(List.of(partition)); // no group: nothing to commit
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) { // the position moves past markers too
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("at offset " + consumer.position(partition)
                            + " of " + end + " after 30 s");
                }
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    given.put(record.offset(), record.value());
                }
            }
            return end;
        }
    }
}
