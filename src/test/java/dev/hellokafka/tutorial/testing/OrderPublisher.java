package dev.hellokafka.tutorial.testing;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

// tag::publisher[]
/** The application's producing side: publishes orders, keyed by customer, so that one customer's orders keep their order. */
public class OrderPublisher {
    private final Producer<String, String> producer;
    private final String topic;

    /** Takes the producer it is given (a KafkaProducer in the application, a MockProducer in a unit test). */
    public OrderPublisher(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Sends one order; the future completes when the broker has it, or fails with the reason it has not. */
    public Future<RecordMetadata> publish(String customer, String order) {
        return producer.send(new ProducerRecord<>(topic, customer, order));
    }
}
// end::publisher[]
