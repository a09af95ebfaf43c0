package dev.hellokafka.tutorial.testing;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same application test, on Apache Kafka's own image in Docker; skipped where no Docker engine
 * is usable.
 */
@Testcontainers(disabledWithoutDocker = true)
class OrdersInAContainerTest {

    static final String IMAGE = "apache/kafka:4.3.1"; // the Kafka version of your kafka-clients

    @Container // started before the first test, stopped after the last
    static final KafkaContainer kafka = new KafkaContainer(IMAGE);

    @Test
    void theTotalsCountWhatThePublisherSent() throws Exception {
        OrdersOnABrokerTest.publishThreeOrdersAndCountThem(kafka.getBootstrapServers());
    }
}
