package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.ReadOrdersAsAvro;
import dev.hellokafka.programs.ReadOrdersAsAvroV1;
import dev.hellokafka.programs.ReadOrdersAsJson;
import dev.hellokafka.programs.SendOrderAsJson;
import dev.hellokafka.programs.SendOrdersAsAvro;
import dev.hellokafka.programs.SendOrdersAsAvroV2;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records whose values are objects: JSON with Jackson, then Avro with its single-object encoding, a schema that
 * evolves, and a record whose schema the reader does not know; each as the programs a reader runs. What the topics
 * hold is checked by reading their bytes, from the offsets the run began at, so the chapter runs on a used cluster.
 */
@ExtendWith(TutorialExtension.class)
class RecordsThatCarryDataChapter {

    private static final Schema ORDER_V1 = new Schema.Parser()
            .parse("{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example.shop\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"customer\", \"type\": \"string\"},"
                    + " {\"name\": \"amountCents\", \"type\": \"long\"}]}");
    private static final Schema ORDER_V2 = new Schema.Parser()
            .parse("{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example.shop\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"customer\", \"type\": \"string\"},"
                    + " {\"name\": \"amountCents\", \"type\": \"long\"},"
                    + " {\"name\": \"currency\", \"type\": \"string\", \"default\": \"EUR\"}]}");

    private final Broker broker;
    private final Recorder recorder;

    RecordsThatCarryDataChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    /** The values of the partition's records from this offset on, as many as asked for, as bytes. */
    private List<byte[]> valuesFrom(String topic, long offset, int count) {
        Properties props = Fixtures.forChecks(broker.clientProperties());
        List<byte[]> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            Poll.until(count + " records of " + topic + " from " + offset, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                return values.size() >= count;
            });
        }
        return values.subList(0, count);
    }

    @Test
    @Order(1)
    @DisplayName("an order goes out as JSON and comes back equal, through a Jackson serializer pair")
    void json() throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("orders-json", 1, (short) 1));
        long before = Fixtures.endOffset(broker, "orders-json");
        String sent = ProgramRun.run(SendOrderAsJson.class, broker);
        ProgramRun reader = ProgramRun.start(ReadOrdersAsJson.class, broker);
        reader.awaitPrinted("offset " + before + ":");
        String read = reader.stop();
        String onTheTopic = new String(valuesFrom("orders-json", before, 1).get(0), StandardCharsets.UTF_8);
        recorder.output("json-sent", sent);
        // What a reader runs to see it: Kafka's console consumer, which prints each value as text.
        KafkaTool.Result consumed = KafkaTool.run(
                broker,
                "kafka-console-consumer.sh",
                ConsoleConsumer::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                "orders-json",
                "--partition",
                "0",
                "--offset",
                String.valueOf(before),
                "--max-messages",
                "1",
                "--timeout-ms",
                "30000");
        recorder.output("json-on-the-topic", consumed.transcript());
        assertTrue(consumed.out().contains(onTheTopic), consumed.transcript());
        recorder.output("json-read", read);

        assertEquals("{\"id\":\"order-1\",\"customer\":\"customer-7\",\"amountCents\":1250}", onTheTopic);
        assertTrue(
                read.contains("offset " + before + ": Order[id=order-1, customer=customer-7, amountCents=1250]"),
                "the order read back equals the one sent: " + read);
        assertTrue(sent.contains("a value of " + onTheTopic.length() + " bytes"), sent);
    }

    @Test
    @Order(2)
    @DisplayName("Avro: the schema's fingerprint in front; old and new readers read old and new records, where"
            + " they know the writer's schema")
    void avro() throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("orders-avro", 1, (short) 1));
        long before = Fixtures.endOffset(broker, "orders-avro");
        String sentV1 = ProgramRun.run(SendOrdersAsAvro.class, broker);
        String sentV2 = ProgramRun.run(SendOrdersAsAvroV2.class, broker);
        recorder.output("avro-sent", sentV1);
        recorder.output("avro-v2-sent", sentV2);

        List<byte[]> values = valuesFrom("orders-avro", before, 4);
        byte[] first = values.get(0);
        HexFormat hex = HexFormat.ofDelimiter(" ").withUpperCase();
        long fingerprint =
                ByteBuffer.wrap(first, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("C3 01", hex.formatHex(first, 0, 2), "the single-object marker");
        assertEquals(
                SchemaNormalization.parsingFingerprint64(ORDER_V1),
                fingerprint,
                "bytes 2 to 9 are the writer schema's fingerprint");
        recorder.output(
                "avro-bytes",
                String.join(
                        "\n",
                        "marker:      " + hex.formatHex(first, 0, 2),
                        "fingerprint: " + hex.formatHex(first, 2, 10) + "  (CRC-64-AVRO, little-endian: " + fingerprint
                                + ")",
                        "record:      " + hex.formatHex(first, 10, first.length)));
        assertTrue(sentV1.contains("a value of " + first.length + " bytes"), sentV1);

        ProgramRun newReader = ProgramRun.start(ReadOrdersAsAvro.class, broker);
        newReader.awaitPrinted("offset " + (before + 3) + ":");
        String readV2 = newReader.stop();
        recorder.output("read-v2", readV2);
        assertTrue(
                readV2.contains("offset " + before + ": {\"id\": \"order-1\", \"customer\": \"customer-7\","
                        + " \"amountCents\": 1250, \"currency\": \"EUR\"}"),
                "a v2 reader fills in the default for a v1 record: " + readV2);

        ProgramRun oldReader = ProgramRun.start(ReadOrdersAsAvroV1.class, broker);
        oldReader.awaitPrinted("offset " + (before + 3) + ":");
        String readV1 = oldReader.stop();
        recorder.output("read-v1", readV1);
        assertTrue(
                readV1.contains("offset " + (before + 2) + ": cannot read it: Cannot resolve schema for fingerprint: "
                        + SchemaNormalization.parsingFingerprint64(ORDER_V2)),
                "a reader that does not know the writer's schema cannot read the record: " + readV1);
        assertEquals(4, values.size(), "the records it could not read are still on the topic");

        // Forward compatibility, as the page says: a v1 reader that knows v2 drops the field it has never heard of.
        SchemaStore.Cache both = new SchemaStore.Cache();
        both.addSchema(ORDER_V1);
        both.addSchema(ORDER_V2);
        GenericRecord v2ReadByV1 =
                new BinaryMessageDecoder<GenericRecord>(GenericData.get(), ORDER_V1, both).decode(values.get(2));
        assertNull(v2ReadByV1.getSchema().getField("currency"), "an old reader does not see the new field");
        assertEquals("order-3", v2ReadByV1.get("id").toString());
    }
}
