package dev.hellokafka.tutorial.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** OrderTotals with a MockConsumer: the test plays the broker, poll by poll. */
class OrderTotalsTest {

    @Test
    void countsEachCustomersOrdersAndCommitsThem() {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        OrderTotals totals = new OrderTotals(consumer, "orders");
        TopicPartition partition = new TopicPartition("orders", 0);
        consumer.schedulePollTask(
                () -> { // what the next poll finds: the partition assigned, three records
                    consumer.rebalance(Set.of(partition));
                    consumer.updateBeginningOffsets(Map.of(partition, 0L));
                    consumer.addRecord(
                            new ConsumerRecord<>("orders", 0, 0L, "customer-7", "order-1"));
                    consumer.addRecord(
                            new ConsumerRecord<>("orders", 0, 1L, "customer-8", "order-2"));
                    consumer.addRecord(
                            new ConsumerRecord<>("orders", 0, 2L, "customer-7", "order-3"));
                });

        int counted = totals.pollOnce(Duration.ofMillis(100));

        assertEquals(3, counted);
        assertEquals(Map.of("customer-7", 2, "customer-8", 1), totals.ordersPerCustomer());
        assertEquals(
                new OffsetAndMetadata(3L), consumer.committed(Set.of(partition)).get(partition));
    }
}
