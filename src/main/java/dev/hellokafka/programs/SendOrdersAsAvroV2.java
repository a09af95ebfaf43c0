package dev.hellokafka.programs;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;

/** Sends two orders to orders-avro as Avro, written with the schema's second version. */
public final class SendOrdersAsAvroV2 {

    /** The order's schema, version 2: the contract between its writers and readers. */
    static final Schema ORDER_V2 = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "com.example.shop",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "customer", "type": "string"},
               {"name": "amountCents", "type": "long"},
               {"name": "currency", "type": "string", "default": "EUR"}
             ]}""");

    /**
     * Writes Avro records in Avro's single-object encoding: two marker bytes (C3 01), the 8-byte
     * fingerprint of the writer's schema, then the record in Avro's binary form.
     */
    static final class AvroSerializer implements Serializer<GenericRecord> {
        private final BinaryMessageEncoder<GenericRecord> encoder;

        AvroSerializer(Schema writerSchema) {
            this.encoder = new BinaryMessageEncoder<>(GenericData.get(), writerSchema);
        }

        @Override
        public byte[] serialize(String topic, GenericRecord data) {
            if (data == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                encoder.encode(data, bytes);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + data + " as Avro", e);
            }
            return bytes.toByteArray();
        }
    }

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("orders-avro", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed

        try (Producer<String, GenericRecord> producer = new KafkaProducer<>(
                producerProps, new StringSerializer(), new AvroSerializer(ORDER_V2))) {
            send(
                    producer,
                    new GenericRecordBuilder(ORDER_V2)
                            .set("id", "order-3")
                            .set("customer", "customer-8")
                            .set("amountCents", 4200L)
                            .set("currency", "USD")
                            .build());
            send(
                    producer,
                    new GenericRecordBuilder(ORDER_V2)
                            .set("id", "order-4")
                            .set("customer", "customer-9")
                            .set("amountCents", 100L)
                            .build()); // currency: the default, EUR
        }
    }

    private static void send(Producer<String, GenericRecord> producer, GenericRecord order)
            throws Exception {
        String id = order.get("id").toString();
        RecordMetadata stored =
                producer.send(new ProducerRecord<>("orders-avro", id, order)).get();
        System.out.println("sent: " + order);
        System.out.printf(
                "  -> orders-avro, offset %d, a value of %d bytes%n",
                stored.offset(), stored.serializedValueSize());
    }
}
