package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records whose values are objects: JSON with Jackson, then Avro with its single-object encoding, a schema
 * that evolves, and a record whose schema the reader does not know. Every record is read back by the offset
 * it was written at, so the chapter runs any number of times on one cluster.
 */
@ExtendWith(TutorialExtension.class)
class RecordsThatCarryDataChapter {

    private final Broker broker;
    private final Recorder recorder;

    RecordsThatCarryDataChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    // tag::order[]
    /** An order, as the application knows it: a plain Java record. */
    record Order(String id, String customer, long amountCents) {}
    // end::order[]

    // tag::json-serde[]
    /** Writes any object as JSON with Jackson: each field of the object becomes a field of the JSON. */
    static class JsonSerializer<T> implements Serializer<T> {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null; // a null value stays null (a tombstone, in a compacted topic)
            }
            try {
                return mapper.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write " + data + " as JSON", e);
            }
        }
    }

    /** Reads JSON into the class it was made with; Jackson fills a Java record through its constructor. */
    static class JsonDeserializer<T> implements Deserializer<T> {
        private final ObjectMapper mapper = new ObjectMapper();
        private final Class<T> type;

        JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return mapper.readValue(data, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read a " + type.getSimpleName() + " from JSON", e);
            }
        }
    }
    // end::json-serde[]

    // tag::send-and-read[]
    /** Sends one record with the given value serializer; the broker's answer says where it was written. */
    static <V> RecordMetadata send(
            Properties producerProps, Serializer<V> valueSerializer, String topic, String key, V value)
            throws Exception {
        try (Producer<String, V> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), valueSerializer)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads the value of the record at that place, with the given value deserializer, within 10 s. */
    static <V> V readValueAt(Properties consumerProps, Deserializer<V> valueDeserializer, RecordMetadata sent) {
        try (Consumer<String, V> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), valueDeserializer)) {
            TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(100))) {
                    return record.value();
                }
            }
            throw new IllegalStateException("offset " + sent.offset() + " of " + partition + " was not read in 10 s");
        }
    }
    // end::send-and-read[]

    // tag::avro-serde[]
    /**
     * Writes Avro records in Avro's single-object encoding: two marker bytes (C3 01), the 8-byte fingerprint
     * of the writer's schema, then the record in Avro's binary form.
     */
    static class AvroSerializer implements Serializer<GenericRecord> {
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

    /**
     * Reads single-object Avro into the reader's schema. The fingerprint in each message picks the writer's
     * schema from the ones this reader knows; Avro then resolves writer against reader (fills defaults, drops
     * fields the reader does not have). A fingerprint it does not know fails with MissingSchemaException.
     */
    static class AvroDeserializer implements Deserializer<GenericRecord> {
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
    // end::avro-serde[]

    private Properties producerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        return producerProps;
    }

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    @BeforeAll
    static void createTheTopics(Broker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::topics[]
        NewTopic jsonTopic = new NewTopic("orders-json", 1, (short) 1);
        NewTopic avroTopic = new NewTopic("orders-avro", 1, (short) 1);
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(jsonTopic, avroTopic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            } // already there (from an earlier run): fine, as in step 2
        }
        // end::topics[]
        Fixtures.awaitTopicKnown(broker, "orders-json", "orders-avro"); // before the first send: see there why
    }

    @Test
    @org.junit.jupiter.api.Order(1) // by its full name: Order is also the chapter's record
    @DisplayName("an object goes out as JSON and comes back equal, through a serializer pair of the chapter's own")
    void jsonRoundTrip() throws Exception {
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::json[]
        Order order = new Order("order-1", "customer-7", 1250);
        RecordMetadata sentAsJson = send(producerProps, new JsonSerializer<>(), "orders-json", order.id(), order);
        Order readBack = readValueAt(consumerProps, new JsonDeserializer<>(Order.class), sentAsJson);
        String jsonOnTheTopic = readValueAt(consumerProps, new StringDeserializer(), sentAsJson);
        // end::json[]
        assertEquals(order, readBack, "the order read back equals the one sent");
        assertEquals("{\"id\":\"order-1\",\"customer\":\"customer-7\",\"amountCents\":1250}", jsonOnTheTopic);
        recorder.output(
                "json",
                String.join(
                        "\n",
                        "sent:         " + order,
                        "on the topic: " + jsonOnTheTopic,
                        "read back:    " + readBack));
    }

    /** The page's two schemas, as its shown code declares them (hidden here, so that each test runs alone). */
    private static Schema[] schemas() {
        // tag::schemas[]
        Schema orderV1 = new Schema.Parser().parse("""
                {"type": "record", "name": "Order", "namespace": "com.example.shop",
                 "fields": [
                   {"name": "id", "type": "string"},
                   {"name": "customer", "type": "string"},
                   {"name": "amountCents", "type": "long"}
                 ]}""");
        // end::schemas[]
        // tag::schema-v2[]
        Schema orderV2 = new Schema.Parser().parse("""
                {"type": "record", "name": "Order", "namespace": "com.example.shop",
                 "fields": [
                   {"name": "id", "type": "string"},
                   {"name": "customer", "type": "string"},
                   {"name": "amountCents", "type": "long"},
                   {"name": "currency", "type": "string", "default": "EUR"}
                 ]}""");
        // end::schema-v2[]
        return new Schema[] {orderV1, orderV2};
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    @DisplayName("the same order as Avro: the schema's fingerprint in front, the record in a few bytes")
    void avroSingleObject() throws Exception {
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        Schema orderV1 = schemas()[0];
        // tag::avro[]
        GenericRecord avroOrder = new GenericRecordBuilder(orderV1)
                .set("id", "order-1")
                .set("customer", "customer-7")
                .set("amountCents", 1250L)
                .build();
        RecordMetadata sentAsAvro =
                send(producerProps, new AvroSerializer(orderV1), "orders-avro", "order-1", avroOrder);
        GenericRecord avroReadBack = readValueAt(consumerProps, new AvroDeserializer(orderV1, List.of()), sentAsAvro);
        byte[] avroOnTheTopic = readValueAt(consumerProps, new ByteArrayDeserializer(), sentAsAvro);
        // end::avro[]
        assertEquals(avroOrder, avroReadBack, "the Avro order read back equals the one sent");
        HexFormat hex = HexFormat.ofDelimiter(" ").withUpperCase();
        byte[] fingerprint = new byte[8];
        System.arraycopy(avroOnTheTopic, 2, fingerprint, 0, 8);
        long expected = SchemaNormalization.parsingFingerprint64(orderV1);
        assertEquals(
                expected,
                java.nio.ByteBuffer.wrap(fingerprint)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getLong(),
                "bytes 2 to 9 are the writer schema's fingerprint");
        assertEquals("C3 01", hex.formatHex(avroOnTheTopic, 0, 2), "the single-object marker");
        recorder.output(
                "avro-bytes",
                String.join(
                        "\n",
                        "marker:      " + hex.formatHex(avroOnTheTopic, 0, 2),
                        "fingerprint: " + hex.formatHex(avroOnTheTopic, 2, 10) + "  (CRC-64-AVRO of the schema, "
                                + expected + ", little-endian)",
                        "record:      " + hex.formatHex(avroOnTheTopic, 10, avroOnTheTopic.length),
                        "read back:   " + avroReadBack));
        Order order = new Order("order-1", "customer-7", 1250);
        byte[] json = new JsonSerializer<Order>().serialize("orders-json", order);
        recorder.table(
                "sizes",
                List.of("format", "bytes in the record's value", "what the bytes hold"),
                List.of(
                        List.of("JSON", json.length, "field names and values, as text"),
                        List.of(
                                "Avro, single-object",
                                avroOnTheTopic.length,
                                "2 marker + 8 fingerprint + " + (avroOnTheTopic.length - 10)
                                        + " of values; the names are in the schema")));
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    @DisplayName("a field added with a default: old and new readers read old and new records")
    void schemaEvolution() throws Exception {
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        Schema[] schemas = schemas();
        Schema orderV1 = schemas[0];
        Schema orderV2 = schemas[1];
        // tag::evolution[]
        GenericRecord writtenWithV1 = new GenericRecordBuilder(orderV1)
                .set("id", "order-2")
                .set("customer", "customer-7")
                .set("amountCents", 990L)
                .build();
        GenericRecord writtenWithV2 = new GenericRecordBuilder(orderV2)
                .set("id", "order-3")
                .set("customer", "customer-8")
                .set("amountCents", 4200L)
                .set("currency", "USD")
                .build();
        RecordMetadata v1Sent =
                send(producerProps, new AvroSerializer(orderV1), "orders-avro", "order-2", writtenWithV1);
        RecordMetadata v2Sent =
                send(producerProps, new AvroSerializer(orderV2), "orders-avro", "order-3", writtenWithV2);
        List<Schema> bothVersions = List.of(orderV1, orderV2); // what each reader's schema store knows
        GenericRecord v1ReadByV1 = readValueAt(consumerProps, new AvroDeserializer(orderV1, bothVersions), v1Sent);
        GenericRecord v1ReadByV2 = readValueAt(consumerProps, new AvroDeserializer(orderV2, bothVersions), v1Sent);
        GenericRecord v2ReadByV1 = readValueAt(consumerProps, new AvroDeserializer(orderV1, bothVersions), v2Sent);
        GenericRecord v2ReadByV2 = readValueAt(consumerProps, new AvroDeserializer(orderV2, bothVersions), v2Sent);
        // end::evolution[]
        assertEquals(writtenWithV1, v1ReadByV1);
        assertEquals("EUR", v1ReadByV2.get("currency").toString(), "a new reader fills in the default");
        assertNull(v2ReadByV1.getSchema().getField("currency"), "an old reader does not see the new field");
        assertEquals(writtenWithV2, v2ReadByV2);
        recorder.table(
                "evolution",
                List.of("writer's schema", "reader's schema", "what the reader got"),
                List.of(
                        List.of("v1", "v1", "`" + v1ReadByV1 + "`"),
                        List.of("v1", "v2", "`" + v1ReadByV2 + "`: `currency` is the default"),
                        List.of("v2", "v1", "`" + v2ReadByV1 + "`: `currency` left out"),
                        List.of("v2", "v2", "`" + v2ReadByV2 + "`")));
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    @DisplayName("a reader that does not know the writer's schema refuses the record, and says where it is")
    void unknownSchemaRefused() throws Exception {
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        Schema[] schemas = schemas();
        Schema orderV1 = schemas[0];
        Schema orderV2 = schemas[1];
        // tag::unknown[]
        GenericRecord fromANewerWriter = new GenericRecordBuilder(orderV2)
                .set("id", "order-4")
                .set("customer", "customer-9")
                .set("amountCents", 100L)
                .build(); // currency: the default, EUR
        RecordMetadata newerSent =
                send(producerProps, new AvroSerializer(orderV2), "orders-avro", "order-4", fromANewerWriter);
        RecordDeserializationException unreadable = null;
        try {
            readValueAt(consumerProps, new AvroDeserializer(orderV1, List.of()), newerSent); // knows only v1
        } catch (RecordDeserializationException e) {
            unreadable = e; // says which partition and offset; e.getCause() is Avro's own exception
        }
        // end::unknown[]
        assertNotNull(unreadable, "the reader that knows only v1 refuses the v2 record");
        MissingSchemaException missing = assertInstanceOf(MissingSchemaException.class, unreadable.getCause());
        assertEquals(newerSent.offset(), unreadable.offset(), "the exception names the record's offset");
        assertNotNull(
                readValueAt(consumerProps, new ByteArrayDeserializer(), newerSent),
                "the refused record is still on the topic, for a reader of plain bytes");
        assertEquals(
                "Cannot resolve schema for fingerprint: " + SchemaNormalization.parsingFingerprint64(orderV2),
                missing.getMessage());
        recorder.output(
                "unknown",
                String.join(
                        "\n",
                        unreadable.getClass().getName() + ": " + unreadable.getMessage(),
                        "caused by " + missing.getClass().getName() + ": " + missing.getMessage()));
    }
}
