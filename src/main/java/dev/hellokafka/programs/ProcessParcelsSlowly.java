package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A second member of the consumer group shipping, whose processing outlasts what it may take
 * between two polls: a parcel takes it half a second, a batch of 5 takes 2.5 s, and it may take 1 s
 * (max.poll.interval.ms). Start it beside ProcessParcels. It runs until Ctrl-C.
 */
public final class ProcessParcelsSlowly {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "shipping");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // it commits itself
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
        // The longest time between two polls, 5 minutes by default.
        consumerProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        try {
            consumer.subscribe(List.of("parcels"));
            System.out.println("Processing parcels in the group shipping, slowly. Ctrl-C stops.");
            while (true) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofSeconds(1));
                if (batch.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
                for (ConsumerRecord<String, String> parcel : batch) {
                    Thread.sleep(500); // stands for slow work: half a second a parcel
                    processed.put(
                            new TopicPartition(parcel.topic(), parcel.partition()),
                            new OffsetAndMetadata(parcel.offset() + 1));
                }
                try {
                    consumer.commitSync(processed);
                    System.out.println(batch.count() + " parcels processed and committed.");
                } catch (CommitFailedException e) {
                    System.out.println(batch.count() + " parcels processed, too late: "
                            + e.getClass().getName());
                    Cluster.printIndented(e.getMessage());
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close();
        }
    }
}
