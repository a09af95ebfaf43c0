package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.ReadOrdersAsJson;
import dev.hellokafka.programs.SendOrderAsJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records whose values are objects: JSON with Jackson, then Avro with its single-object encoding; each as the programs
 * a reader runs (the Avro orders' schema changes in the next chapter, SchemasThatChangeChapter). What the topics hold
 * is checked by reading their bytes, from the offsets the run began at, so the chapter runs on a used cluster.
 */
@ExtendWith(TutorialExtension.class)
class RecordsThatCarryDataChapter {

    private final Broker broker;
    private final Recorder recorder;

    RecordsThatCarryDataChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
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
        String onTheTopic =
                new String(Fixtures.valuesFrom(broker, "orders-json", before, 1).get(0), StandardCharsets.UTF_8);
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
    @DisplayName("Avro: the schema's fingerprint in front of every record, and only the values after it")
    void avro() throws Exception {
        Fixtures.OrdersWrittenWithV1 written = Fixtures.writeOrdersWithV1(broker);
        String sent = written.printed();
        recorder.output("avro-sent", sent);

        byte[] first =
                Fixtures.valuesFrom(broker, "orders-avro", written.before(), 2).get(0);
        HexFormat hex = HexFormat.ofDelimiter(" ").withUpperCase();
        long fingerprint =
                ByteBuffer.wrap(first, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("C3 01", hex.formatHex(first, 0, 2), "the single-object marker");
        assertEquals(
                SchemaNormalization.parsingFingerprint64(Fixtures.ORDER_V1),
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
        assertTrue(sent.contains("a value of " + first.length + " bytes"), sent);
    }
}
