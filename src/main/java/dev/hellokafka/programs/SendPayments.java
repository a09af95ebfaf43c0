package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends six payments to the topic payments, with acks=all and idempotence, and prints what each
 * send's callback learned: where the broker stored the payment, or why it did not.
 */
public final class SendPayments {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("payments", 1, (short) 1)); // and its leader

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all"); // stored by every in-sync replica
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // a retry is stored once
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000); // 2 min by default
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        // Callbacks run on the producer's I/O thread, so what they count must be safe to share.
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 6; i++) {
                String payment = "payment " + i;
                producer.send(new ProducerRecord<>("payments", payment), (stored, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                        System.out.println(payment + " stored at offset " + stored.offset());
                    } else {
                        failed.incrementAndGet(); // here: retry, alert, or stop
                        System.out.println(payment + " NOT stored: " + error.getMessage());
                    }
                });
            }
            producer.flush(); // waits until every send has been acknowledged or has failed
        }
        System.out.println("acknowledged: " + acknowledged + ", failed: " + failed);
    }
}
