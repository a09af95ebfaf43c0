package dev.hellokafka.tutorial.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The publisher and the totals together, on a real broker in this JVM: what the mocks could not
 * show.
 */
class OrdersOnABrokerTest {

    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void theTotalsCountWhatThePublisherSent() throws Exception {
        publishThreeOrdersAndCountThem(kafka.bootstrapServers());
    }

    /** The application end to end against the broker at that address: any broker will do. */
    static void publishThreeOrdersAndCountThem(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1)))
                    .all()
                    .get();
        }
        Map<String, Object> producerProps =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "order-totals",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Producer<String, String> producer = new KafkaProducer<>(
                        producerProps, new StringSerializer(), new StringSerializer());
                Consumer<String, String> consumer = new KafkaConsumer<>(
                        consumerProps, new StringDeserializer(), new StringDeserializer())) {
            OrderPublisher publisher = new OrderPublisher(producer, "orders");
            publisher.publish("customer-7", "order-1").get();
            publisher.publish("customer-8", "order-2").get();
            publisher.publish("customer-7", "order-3").get();

            OrderTotals totals = new OrderTotals(consumer, "orders");
            await("the totals of all three orders")
                    .atMost(Duration.ofSeconds(30))
                    .pollInSameThread() // a consumer belongs to one thread
                    .untilAsserted(() -> {
                        totals.pollOnce(Duration.ofMillis(100));
                        assertEquals(
                                Map.of("customer-7", 2, "customer-8", 1),
                                totals.ordersPerCustomer());
                    });
        }
    }

    @Test
    void aRealProducerRefusesWhatTheMockTook() {
        Map<String, Object> producerProps =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Producer<String, String> producer = new KafkaProducer<>(
                producerProps, new StringSerializer(), new StringSerializer())) {
            OrderPublisher publisher = new OrderPublisher(producer, "orders");

            ExecutionException failed = assertThrows(
                    ExecutionException.class,
                    () -> publisher.publish("customer-7", "x".repeat(2_000_000)).get());
            assertInstanceOf(
                    RecordTooLargeException.class, failed.getCause()); // max.request.size: 1 MB
        }
    }
}
