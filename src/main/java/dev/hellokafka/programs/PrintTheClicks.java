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
 * A report: the records the topic clicks still has, from its log start offset to its end, read
 * without a consumer group. It stops at the end.
 */
public final class PrintTheClicks {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("clicks", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition)); // the log start offset
            long start = consumer.position(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            System.out.println("clicks holds offsets " + start + " to " + (end - 1) + ":");
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("at offset " + consumer.position(partition)
                            + " of " + end + " after 30 s");
                }
                for (ConsumerRecord<String, String> click : consumer.poll(Duration.ofMillis(100))) {
                    System.out.printf("offset %d: %s%n", click.offset(), click.value());
                }
            }
        }
    }
}
