package dev.hellokafka.programs;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The orders' first reader, deployed before the schema's second version existed: it reads
 * orders-avro with version 1, knowing only that version's writers, and prints each order; a
 * record it cannot read it reports, and goes on after it, until Ctrl-C.
 */
public final class ReadOrdersAsAvroV1 {

    /** The order's schema, version 1. */
    static final Schema ORDER_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "com.example.shop",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "customer", "type": "string"},
               {"name": "amountCents", "type": "long"}
             ]}""");

    /**
     * Reads single-object Avro into the reader's schema. The fingerprint in each message picks the
     * writer's schema from the ones this reader knows; Avro then resolves writer against reader
     * (fills defaults, drops fields the reader does not have). A fingerprint it does not know
     * fails with MissingSchemaException.
     */
    static final class AvroDeserializer implements Deserializer<GenericRecord> {
        private final BinaryMessageDecoder<GenericRecord> decoder;

        AvroDeserializer(Schema readerSchema, List<Schema> knownWriterSchemas) {
            SchemaStore.Cache known = new SchemaStore.Cache();
            knownWriterSchemas.forEach(known::addSchema);
            this.decoder = new BinaryMessageDecoder<>(GenericData.get(), readerSchema, known);
        }

        @Override
        public GenericRecord deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return decoder.decode(data);
            } catch (IOException e) {
                throw new SerializationException("cannot read an Avro record", e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "order-readers-v1");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        AvroDeserializer deserializer = new AvroDeserializer(ORDER_V1, List.of(ORDER_V1));
        Consumer<String, GenericRecord> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), deserializer);
        Cluster.stopOnCtrlC(consumer::wakeup);
        try {
            consumer.subscribe(List.of("orders-avro"));
            System.out.println("Reading orders-avro with schema v1. Ctrl-C stops.");
            while (true) {
                try {
                    for (ConsumerRecord<String, GenericRecord> record :
                            consumer.poll(Duration.ofSeconds(1))) {
                        System.out.printf("offset %d: %s%n", record.offset(), record.value());
                    }
                } catch (RecordDeserializationException e) {
                    // The record stays on the topic; this reader goes on after it.
                    System.out.printf(
                            "offset %d: cannot read it: %s%n",
                            e.offset(), e.getCause().getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close();
        }
    }
}
