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
 * Twenty parcels sent to the topic parcels, which has two partitions: the even ones to
 * partition 0, the odd ones to partition 1, ten each.
 */
public final class SendParcels {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("parcels", 2, (short) 1)); // 2 partitions

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 20; i++) { // the partition named: i % 2
                sent.add(producer.send(
                        new ProducerRecord<>("parcels", i % 2, "order-" + i, "parcel " + i)));
            }
            producer.flush();
            for (int partition = 0; partition < 2; partition++) {
                // parcel 2 is the first in partition 0, parcel 1 in partition 1
                long first = sent.get(1 - partition).get().offset();
                long last = sent.get(19 - partition).get().offset();
                System.out.println("Sent 10 parcels to partition " + partition + ", at offsets "
                        + first + " to " + last + ".");
            }
        }
    }
}
