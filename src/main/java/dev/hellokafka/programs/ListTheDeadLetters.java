package dev.hellokafka.programs;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A report for the person who looks after the readings: each record parked in
 * readings-dead-letters, its value as text and the headers that say where it came from. It reads
 * to the end the topic has when it starts, and ends there.
 */
public final class ListTheDeadLetters {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("readings-dead-letters", 1, (short) 1));

        Properties consumerProps = new Properties(); // the records' bytes as they are
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);

        try (Consumer<byte[], byte[]> reader = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("readings-dead-letters", 0);
            reader.assign(List.of(partition)); // no group: the partition from its first offset
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            System.out.println("readings-dead-letters, up to offset " + end + ":");
            long deadline = System.currentTimeMillis() + 30_000;
            while (reader.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("not at offset " + end + " after 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> parked : reader.poll(Duration.ofSeconds(1))) {
                    String value =
                            parked.value() == null ? null : new String(parked.value(), UTF_8);
                    System.out.printf(
                            "offset %d: '%s' from %s, unreadable: %s%n",
                            parked.offset(),
                            value,
                            header(parked, "source"),
                            header(parked, "unreadable"));
                }
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(none)" : new String(header.value(), UTF_8);
    }
}
