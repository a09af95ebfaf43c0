package dev.hellokafka.tutorial.testing;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The application's consuming side: counts each customer's orders, and commits what it counted. */
public class OrderTotals {
    private final Consumer<String, String> consumer;
    private final Map<String, Integer> ordersPerCustomer = new HashMap<>();

    /** Takes its consumer: a KafkaConsumer in the application, a MockConsumer in a test. */
    public OrderTotals(Consumer<String, String> consumer, String topic) {
        this.consumer = consumer;
        consumer.subscribe(List.of(topic));
    }

    /** One poll: counts the orders it brought, then commits their offsets; returns how many. */
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
