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

/** Ten entries, entry 0 to entry 9, written to the topic audit-log, which has one partition. */
public final class WriteTheAuditLog {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("audit-log", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 10; i++) {
                sent.add(producer.send(new ProducerRecord<>("audit-log", "entry " + i)));
            }
            producer.flush();
            System.out.println("Wrote entry 0 to entry 9 to audit-log, at offsets "
                    + sent.get(0).get().offset() + " to " + sent.get(9).get().offset() + ".");
        }
    }
}
