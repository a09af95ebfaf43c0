package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * The shop: creates purchases, a topic of 2 partitions, and sends it six purchases, each keyed by
 * its id; prints where each one landed.
 */
public final class SendPurchases {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("purchases", 2, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        List<String> items =
                List.of("1 teapot", "2 mugs", "6 spoons", "1 kettle", "4 plates", "2 bowls");
        List<Future<RecordMetadata>> results = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < items.size(); i++) {
                String id = "purchase-" + (i + 1);
                results.add(producer.send(new ProducerRecord<>("purchases", id, items.get(i))));
            }
            for (int i = 0; i < items.size(); i++) {
                RecordMetadata stored = results.get(i).get();
                System.out.printf(
                        "purchase-%d: %-8s -> partition %d, offset %d%n",
                        i + 1, items.get(i), stored.partition(), stored.offset());
            }
        }
    }
}
