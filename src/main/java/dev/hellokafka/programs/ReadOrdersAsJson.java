package dev.hellokafka.programs;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Reads the orders of the topic orders-json, in the group order-readers, back into Java records
 * with a Jackson deserializer, and prints each, until Ctrl-C.
 */
public final class ReadOrdersAsJson {

    /** An order, as the application knows it: a plain Java record. */
    record Order(String id, String customer, long amountCents) {}

    /** Reads JSON into the class it was made with; Jackson fills a record via its constructor. */
    static final class JsonDeserializer<T> implements Deserializer<T> {
        private final ObjectMapper mapper = new ObjectMapper();
        private final Class<T> type;

        JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException e) {
                String what = "a " + type.getSimpleName();
                throw new SerializationException(
                        "cannot read " + what + " from " + new String(data, StandardCharsets.UTF_8),
                        e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "order-readers");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        Consumer<String, Order> consumer = new KafkaConsumer<>(
                consumerProps, new StringDeserializer(), new JsonDeserializer<>(Order.class));
        Cluster.stopOnCtrlC(consumer::wakeup);
        try {
            consumer.subscribe(List.of("orders-json"));
            System.out.println("Reading orders-json in the group order-readers. Ctrl-C stops.");
            while (true) {
                for (ConsumerRecord<String, Order> record : consumer.poll(Duration.ofSeconds(1))) {
                    System.out.printf("offset %d: %s%n", record.offset(), record.value());
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close();
        }
    }
}
