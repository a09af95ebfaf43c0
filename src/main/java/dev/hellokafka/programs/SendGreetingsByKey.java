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
 * Creates greetings-by-key, a topic of 3 partitions, and sends it three rounds of greetings to
 * four users, each user's name as the key; prints where each greeting landed.
 */
public final class SendGreetingsByKey {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("greetings-by-key", 3, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        List<ProducerRecord<String, String>> greetings = new ArrayList<>();
        List<Future<RecordMetadata>> results = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int round = 1; round <= 3; round++) {
                for (String user : List.of("alice", "bob", "carol", "dave")) {
                    ProducerRecord<String, String> greeting =
                            new ProducerRecord<>("greetings-by-key", user, "hello #" + round);
                    greetings.add(greeting);
                    results.add(producer.send(greeting));
                }
            }
            for (int i = 0; i < greetings.size(); i++) {
                RecordMetadata stored = results.get(i).get(); // in sending order
                System.out.printf(
                        "%-5s %s -> partition %d, offset %d%n",
                        greetings.get(i).key(),
                        greetings.get(i).value(),
                        stored.partition(),
                        stored.offset());
            }
        }
    }
}
