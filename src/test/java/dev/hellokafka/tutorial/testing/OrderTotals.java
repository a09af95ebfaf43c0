package dev.hellokafka.tutorial.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

// tag::totals[]
/** The application's consuming side: counts each customer's orders, and commits what it has counted. */
public class OrderTotals {
    private final Consumer<String, String> consumer;
    private final Map<String, Integer> ordersPerCustomer = new HashMap<>();

    /** Takes the consumer it is given (a KafkaConsumer in the application, a MockConsumer in a unit test). */
    public OrderTotals(Consumer<String, String> consumer, String topic) {
        this.consumer = consumer;
        consumer.subscribe(List.of(topic));
    }

    /** One poll: counts the orders it brought, then commits their offsets. Returns how many it counted. */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<String, String> records = consumer.poll(timeout);
        for (ConsumerRecord<String, String> record : records) {
            ordersPerCustomer.merge(record.key(), 1, Integer::sum);
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
        return records.count();
    }

    public Map<String, Integer> ordersPerCustomer() {
        return Map.copyOf(ordersPerCustomer);
    }
}
// end::totals[]
