package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class ProduceChapter {

    private final Broker broker;
    private final Recorder recorder;

    ProduceChapter(Broker broker, Recorder recorder) throws Exception {
        this.broker = broker;
        this.recorder = recorder;
        SampleTopic.ensureExists(broker);
    }

    @Test
    @DisplayName("send returns where each record landed: partition, offset, timestamp")
    void sendTheTwoRecords() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer[]
        producerProps.putAll(broker.securitySettings());

        // tag::send[]
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            Future<RecordMetadata> first = producer.send(new ProducerRecord<>("sample", "Hello, World!"));
            Future<RecordMetadata> second =
                    producer.send(new ProducerRecord<>("sample", "message-two", "This is the Java client"));
            producer.flush(); // send() only queued the records; flush() waits until the broker has them

            RecordMetadata hello = first.get();
            RecordMetadata two = second.get();
            // end::send[]
            recorder.registerRunValue(String.valueOf(hello.timestamp()), "<timestamp>");
            recorder.registerRunValue(String.valueOf(two.timestamp()), "<timestamp>");
            recorder.output(
                    "sent",
                    String.join(
                            "\n",
                            describe("Hello, World!", hello),
                            describe("message-two: This is the Java client", two)));

            assertEquals(hello.partition(), two.partition(), "sample has one partition, so both land in it");
            assertEquals(hello.offset() + 1, two.offset(), "the second record comes right after the first");
            assertEquals(
                    List.of("null=Hello, World!", "message-two=This is the Java client"),
                    readAt(hello, two),
                    "each record is in the topic at the partition and offset its metadata gave");
            // tag::send[]
        } // close() flushes too: leaving without flush or close can lose records still in the buffer
        // end::send[]
    }

    /**
     * The key and value of each record found where the producer said it stored them, read by one consumer: both
     * records are in the same partition, the second after the first.
     */
    private List<String> readAt(RecordMetadata first, RecordMetadata second) {
        TopicPartition partition = new TopicPartition(first.topic(), first.partition());
        try (Consumer<String, String> consumer = new KafkaConsumer<>(Fixtures.stringConsumerProps(broker))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, first.offset());
            Map<Long, String> read = new HashMap<>();
            Poll.until("the records at " + partition + "@" + first.offset() + " and @" + second.offset(), () -> {
                consumer.poll(Duration.ofMillis(100))
                        .records(partition)
                        .forEach(r -> read.put(r.offset(), r.key() + "=" + r.value()));
                return consumer.position(partition) > second.offset();
            });
            return List.of(read.getOrDefault(first.offset(), "nothing"), read.getOrDefault(second.offset(), "nothing"));
        }
    }

    private static String describe(String record, RecordMetadata metadata) {
        return String.format(
                "%-38s -> topic %s, partition %d, offset %d, timestamp %d",
                record, metadata.topic(), metadata.partition(), metadata.offset(), metadata.timestamp());
    }
}
