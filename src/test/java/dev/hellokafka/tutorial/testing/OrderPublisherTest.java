package dev.hellokafka.tutorial.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** OrderPublisher with a MockProducer: no broker, each test in milliseconds. */
class OrderPublisherTest {

    @Test
    void publishesEachOrderKeyedByItsCustomer() throws Exception {
        // autoComplete=true: every send succeeds at once
        MockProducer<String, String> producer =
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        OrderPublisher publisher = new OrderPublisher(producer, "orders");

        publisher.publish("customer-7", "order-1").get();

        assertEquals(
                List.of(new ProducerRecord<>("orders", "customer-7", "order-1")),
                producer.history());
    }

    @Test
    void reportsASendTheBrokerNeverAcknowledged() {
        // autoComplete=false: each send waits until the test completes it, or fails it
        MockProducer<String, String> producer =
                new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        OrderPublisher publisher = new OrderPublisher(producer, "orders");

        Future<RecordMetadata> sent = publisher.publish("customer-7", "order-1");
        producer.errorNext(new TimeoutException("no acknowledgement within delivery.timeout.ms"));

        ExecutionException failed = assertThrows(ExecutionException.class, sent::get);
        assertInstanceOf(TimeoutException.class, failed.getCause());
    }

    @Test
    void theMockAcceptsWhatKafkaWouldRefuse() throws Exception {
        MockProducer<String, String> producer =
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        OrderPublisher publisher = new OrderPublisher(producer, "no-such-topic");

        // a topic that does not exist, and a value twice the size a broker takes by default
        publisher.publish("customer-7", "x".repeat(2_000_000)).get();

        assertEquals(
                1,
                producer.history().size(),
                "a mock checks neither topics, nor sizes, nor settings");
    }
}
