package dev.hellokafka.programs;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Sends five readings to the topic readings, four of them 4-byte integers and one of them three
 * bytes that are no integer: a poison pill for a consumer that reads integers.
 */
public final class SendReadings {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("readings", 1, (short) 1));

        Properties producerProps = new Properties(); // writes values as they are given: raw bytes
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

        IntegerSerializer integers = new IntegerSerializer();
        Map<String, byte[]> readings = new LinkedHashMap<>();
        readings.put("10", integers.serialize("readings", 10));
        readings.put("20", integers.serialize("readings", 20));
        readings.put("n/a", "n/a".getBytes(UTF_8)); // 3 bytes where a 4-byte integer belongs
        readings.put("30", integers.serialize("readings", 30));
        readings.put("40", integers.serialize("readings", 40));
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            for (Map.Entry<String, byte[]> reading : readings.entrySet()) {
                RecordMetadata stored = producer.send(
                                new ProducerRecord<>("readings", reading.getValue()))
                        .get();
                System.out.printf(
                        "offset %d: %s, %d bytes%n",
                        stored.offset(), reading.getKey(), reading.getValue().length);
            }
        }
    }
}
