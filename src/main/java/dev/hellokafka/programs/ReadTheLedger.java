package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A report of the topic ledger: every entry from its first offset to the end it has when the
 * program starts. Reading to that end is its job, so it ends there.
 */
public final class ReadTheLedger {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        try (Consumer<String, String> reader = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("ledger", 0);
            reader.assign(List.of(partition)); // no group: the partition from its first offset
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            System.out.println(
                    "Reading ledger from its first offset to its end, offset " + end + ".");
            int read = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (reader.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("ledger: not at offset " + end + " after 30 s");
                }
                for (ConsumerRecord<String, String> entry : reader.poll(Duration.ofSeconds(1))) {
                    System.out.printf("offset %d: %s%n", entry.offset(), entry.value());
                    read++;
                }
            }
            System.out.println(read + " entries read");
        }
    }
}
