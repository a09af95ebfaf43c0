package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A member of the consumer group handover: it processes the parcels of the topic parcels, and
 * commits what it processed once a minute, and whenever the group takes partitions away from it,
 * so that the next member of the partition starts where it stopped. It runs until Ctrl-C.
 */
public final class HandOverParcels {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "handover");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // it commits itself
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        // Per partition, the offset after the last parcel processed and not committed yet.
        Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        try {
            consumer.subscribe(List.of("parcels"), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Inside poll(), before the partitions go to another member.
                    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                    for (TopicPartition partition : partitions) {
                        if (processed.containsKey(partition)) {
                            done.put(partition, processed.remove(partition));
                        }
                    }
                    consumer.commitSync(done);
                    for (TopicPartition partition : partitions) {
                        System.out.println("Taken away: " + partition
                                + (done.containsKey(partition)
                                        ? ", committed offset "
                                                + done.get(partition).offset()
                                        : ""));
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    System.out.println("Given: " + partitions);
                }
            });
            System.out.println("Processing parcels in the group handover. Ctrl-C stops.");
            long nextCommit = System.currentTimeMillis() + 60_000;
            while (true) {
                for (ConsumerRecord<String, String> parcel : consumer.poll(Duration.ofSeconds(1))) {
                    System.out.printf(
                            "partition %d, offset %d: %s%n",
                            parcel.partition(), parcel.offset(), parcel.value());
                    processed.put(
                            new TopicPartition(parcel.topic(), parcel.partition()),
                            new OffsetAndMetadata(parcel.offset() + 1));
                }
                if (System.currentTimeMillis() >= nextCommit) { // once a minute
                    consumer.commitSync(processed);
                    processed.clear();
                    nextCommit += 60_000;
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close(); // the group takes its partitions away: the listener commits
        }
    }
}
