package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A member of the consumer group events-consumer, the same code as ReadEventsInAClassicGroup with
 * group.protocol=consumer: it reads the topic events, processing each event in 10 ms, and says each
 * time the group gives it partitions or takes some away. Until Ctrl-C.
 */
public final class ReadEventsInAConsumerGroup {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "events-consumer");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // KIP-848
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5); // a steady stream of polls
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        Set<TopicPartition> holds = new HashSet<>();
        int[] read = {0}; // the listener runs inside poll(), on this thread
        ConsumerRebalanceListener sayWhatMoves = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    holds.removeAll(partitions);
                    System.out.printf(
                            "gave up %d partitions, holds %d; %d events read%n",
                            partitions.size(), holds.size(), read[0]);
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    holds.addAll(partitions);
                    System.out.printf(
                            "got %d partitions, holds %d; %d events read%n",
                            partitions.size(), holds.size(), read[0]);
                }
            }
        };
        try {
            consumer.subscribe(List.of("events"), sayWhatMoves);
            System.out.println("Reading events in the group events-consumer. Ctrl-C stops.");
            while (true) {
                for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofSeconds(1))) {
                    Thread.sleep(10); // processing the event: the work, not a wait for Kafka
                    read[0]++;
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped: " + read[0] + " events read.");
        } finally {
            consumer.close(); // leaves the group: its partitions go to the other members
        }
    }
}
