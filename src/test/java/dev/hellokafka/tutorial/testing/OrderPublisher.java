package dev.hellokafka.tutorial.testing;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.Future;

/**
 * The application's producing side: publishes orders, keyed by customer, so that one customer's
 * orders keep their order.
 */
public class OrderPublisher {
    private final Producer<String, String> producer;
    private final String topic;

    /** Takes its producer: a KafkaProducer in the application, a MockProducer in a test. */
    public OrderPublisher(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Sends one order; the future completes when the broker has it, or fails saying why not. */
    public Future<RecordMetadata> publish(String customer, String order) {
        return producer.send(new ProducerRecord<>(topic, customer, order));
    }
}
