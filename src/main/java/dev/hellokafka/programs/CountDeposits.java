package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A report, whose job is to read the topic deposits from its first record to its end once: how many
 * records a consumer is given, and the last of them.
 */
public final class CountDeposits {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        List<String> deposits = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("deposits", 0);
            consumer.assign(List.of(partition)); // no group: a report commits nothing
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition); // what is committed
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "read to offset " + consumer.position(partition) + " of " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> deposits.add(r.value()));
            }
        }
        System.out.println("a consumer reads " + deposits.size() + " deposits"
                + (deposits.isEmpty() ? "" : ", the last: " + deposits.get(deposits.size() - 1)));
    }
}
