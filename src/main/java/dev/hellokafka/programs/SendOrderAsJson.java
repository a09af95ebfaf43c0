package dev.hellokafka.programs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/** Sends an order, a Java record, to the topic orders-json as JSON, with a Jackson serializer. */
public final class SendOrderAsJson {

    /** An order, as the application knows it: a plain Java record. */
    record Order(String id, String customer, long amountCents) {}

    /** Writes any object as JSON with Jackson: each field of the object becomes a JSON field. */
    static final class JsonSerializer<T> implements Serializer<T> {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null; // a null value stays null (a tombstone, in a compacted topic)
            }
            try {
                return mapper.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write " + data + " as JSON", e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("orders-json", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed

        // The serializers as objects: a class named in the properties would need a constructor
        // without arguments.
        try (Producer<String, Order> producer = new KafkaProducer<>(
                producerProps, new StringSerializer(), new JsonSerializer<>())) {
            Order order = new Order("order-1", "customer-7", 1250);
            RecordMetadata stored = producer.send(
                            new ProducerRecord<>("orders-json", order.id(), order))
                    .get();
            System.out.println("sent: " + order);
            System.out.printf(
                    "  -> orders-json, offset %d, a value of %d bytes%n",
                    stored.offset(), stored.serializedValueSize());
        }
    }
}
