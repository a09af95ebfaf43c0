package dev.hellokafka.programs;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of 150 deposits to the topic deposits, one every 20 ms, each stored by every
 * copy in sync (acks=all) and at most once (idempotence); then how many the cluster acknowledged,
 * and how many it reported as failed.
 */
public final class SendDeposits {

    public static void main(String[] args) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all"); // every in-sync copy, at least 2
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // a retry is stored once
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 150; i++) {
                producer.send(
                        new ProducerRecord<>("deposits", "deposit " + i),
                        (stored, error) ->
                                (error == null ? acknowledged : failed).incrementAndGet());
                if (i % 50 == 0) {
                    System.out.println(i + " deposits sent");
                }
                Thread.sleep(20); // the pace of the deposits, not a wait for Kafka
            }
        } // close() waits until every send has been acknowledged or has failed
        System.out.println("acknowledged: " + acknowledged + ", reported failed: " + failed);
    }
}
