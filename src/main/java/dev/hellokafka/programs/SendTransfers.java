package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * A transactional producer writes five transfers to the topic transfers, in three transactions:
 * the first and the last are committed, the second is aborted.
 */
public final class SendTransfers {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("transfers", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        // A name that stays the same when the program restarts; implies acks=all and idempotence.
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "transfers-writer");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.initTransactions(); // once, at start: registers the id, ends what it left open

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transfers", "transfer 1"));
            producer.send(new ProducerRecord<>("transfers", "transfer 2"));
            producer.commitTransaction(); // both become visible to read_committed consumers,
            // together
            System.out.println("committed: transfer 1, transfer 2");

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transfers", "transfer 3"));
            producer.send(new ProducerRecord<>("transfers", "transfer 4"));
            producer.flush(); // both are written to the log now ...
            producer.abortTransaction(); // ... and marked aborted: read_committed never sees them
            System.out.println("aborted:   transfer 3, transfer 4");

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transfers", "transfer 5"));
            producer.commitTransaction();
            System.out.println("committed: transfer 5");
        }
    }
}
