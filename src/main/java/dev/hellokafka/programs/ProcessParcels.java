package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A member of the consumer group shipping: it processes the parcels of the topic parcels,
 * printing each, and commits after each batch, until Ctrl-C. Then it commits what it processed,
 * and leaves the group at once.
 */
public final class ProcessParcels {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "shipping");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // it commits itself
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5); // a batch: at most 5
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(
                consumer::wakeup); // Ctrl-C calls wakeup(): the poll throws WakeupException
        try {
            consumer.subscribe(List.of("parcels"));
            System.out.println("Processing parcels in the group shipping. Ctrl-C stops.");
            while (true) { // the usual consumer: poll, process, commit, for ever
                for (ConsumerRecord<String, String> parcel : consumer.poll(Duration.ofSeconds(1))) {
                    System.out.printf(
                            "partition %d, offset %d: %s%n",
                            parcel.partition(), parcel.offset(), parcel.value());
                }
                consumer.commitSync(); // the batch this poll returned is processed
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            commitBeforeLeaving(consumer); // what was processed is committed before leaving
            consumer.close(); // and the group hands its partitions over at once
        }
    }

    /**
     * Commits what was processed. Ctrl-C's wakeup() is meant to end one blocking call, but with
     * the consumer protocol of Kafka 4.3 it now and then ends the next one as well, most often
     * right after a rebalance: a commit it ends is made again.
     */
    private static void commitBeforeLeaving(Consumer<String, String> consumer) {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync();
                return;
            } catch (WakeupException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
