package dev.hellokafka.programs;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Processes the readings, 4-byte integers, as a member of the group readings-processors. A record
 * it cannot read, a poison pill, goes as it was to the dead-letter topic readings-dead-letters,
 * and the consumer goes on past it. Runs until Ctrl-C.
 */
public final class ProcessReadings {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("readings-dead-letters", 1, (short) 1));

        Properties consumerProps = new Properties(); // reads values as integers
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "readings-processors");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer protocol
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class);

        Properties producerProps = new Properties(); // writes a parked record's bytes as they were
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

        Consumer<String, Integer> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        try (Producer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProps)) {
            consumer.subscribe(List.of("readings"));
            System.out.println(
                    "Processing readings in the group readings-processors. Ctrl-C stops.");
            while (true) {
                try {
                    for (ConsumerRecord<String, Integer> reading :
                            consumer.poll(Duration.ofSeconds(1))) {
                        System.out.printf(
                                "processed offset %d: %d%n", reading.offset(), reading.value());
                    }
                } catch (RecordDeserializationException e) {
                    // The record at e.offset() cannot be read: park it, as it was, for a person.
                    System.out.printf(
                            "%s at %s, offset %d: its %s cannot be read%n",
                            e.getClass().getSimpleName(),
                            e.topicPartition(),
                            e.offset(),
                            e.origin());
                    System.out.println("  cause: " + e.getCause().getMessage());
                    ProducerRecord<byte[], byte[]> parked = new ProducerRecord<>(
                            "readings-dead-letters",
                            null, // the partition: the producer's choice
                            e.timestamp(),
                            bytes(e.keyBuffer()),
                            bytes(e.valueBuffer()),
                            e.headers());
                    String source = e.topicPartition() + "@" + e.offset();
                    parked.headers().add("source", source.getBytes(UTF_8));
                    parked.headers().add("unreadable", e.origin().name().getBytes(UTF_8));
                    RecordMetadata stored = deadLetters.send(parked).get();
                    consumer.seek(e.topicPartition(), e.offset() + 1); // and go on past it
                    System.out.println("  parked at offset " + stored.offset()
                            + " of readings-dead-letters; going on past it");
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close();
        }
    }

    /** The bytes of a buffer, or null for none (a record without a key). */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
