package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * How many records does one poll hand over? Reads the backlog of order-batches from its first
 * offset, up to 2,000 orders, twice: with max.poll.records=500, the default, then with 50; prints
 * how many polls each consumer needed and the most one poll returned. Reading that backlog is its
 * job, so it ends once it has.
 */
public final class CompareMaxPollRecords {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("order-batches", 1, (short) 1));

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        System.out.println("order-batches from its first offset, up to 2000 orders:");
        readTheBacklog(consumerProps, 500);
        readTheBacklog(consumerProps, 50);
    }

    /** Reads the backlog with this max.poll.records, and prints what the polls returned. */
    private static void readTheBacklog(Properties consumerProps, int maxPollRecords) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition("order-batches", 0);
            consumer.assign(List.of(partition)); // no group: the partition from its first offset
            consumer.seekToBeginning(List.of(partition));
            long first = consumer.position(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long backlog = Math.min(2_000, end - first);
            int read = 0;
            int polls = 0;
            int most = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (read < backlog) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("read " + read + " of " + backlog + " in 30 s");
                }
                int count = consumer.poll(Duration.ofMillis(100)).count();
                if (count > 0) { // a poll that returns nothing is not counted
                    polls++;
                    most = Math.max(most, count);
                    read += count;
                }
            }
            System.out.printf(
                    "  max.poll.records=%-4d %d orders in %d polls, at most %d in one%n",
                    maxPollRecords, read, polls, most);
        }
    }
}
