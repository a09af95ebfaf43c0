package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Processes the payments as a member of the group payment-processors, and commits each batch once
 * it has processed it: a crash never makes the group skip a payment, but the payments processed
 * since the last commit are processed again. Runs until Ctrl-C.
 */
public final class ProcessPayments {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "payment-processors");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer protocol
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // it commits itself
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4); // small batches, to see them
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        try {
            consumer.subscribe(List.of("payments"));
            System.out.println(
                    "Processing payments in the group payment-processors. Ctrl-C stops.");
            while (true) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofSeconds(1));
                long next = -1;
                for (ConsumerRecord<String, String> payment : batch) {
                    process(payment);
                    next = payment.offset() + 1;
                }
                if (!batch.isEmpty()) {
                    consumer.commitSync(); // only now does the group's position move past the batch
                    System.out.println("committed: the group goes on from offset " + next);
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close();
        }
    }

    /** Processing a payment: here half a second's work, where a real one would call a bank. */
    private static void process(ConsumerRecord<String, String> payment)
            throws InterruptedException {
        Thread.sleep(500); // the work, not a wait for Kafka
        System.out.printf("processed offset %d: %s%n", payment.offset(), payment.value());
    }
}
