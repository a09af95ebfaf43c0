package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ReadOrdersAsAvro;
import dev.hellokafka.programs.ReadOrdersAsAvroV1;
import dev.hellokafka.programs.SendOrdersAsAvroV2;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Avro orders of the chapter before it, then a second version of their schema: a newer and an older reader read
 * both versions' records where they know the writer's schema, as the programs a reader runs. What the topic holds is
 * checked by reading its bytes. The chapter runs on the broker the walk keeps for the chapters that go on from an
 * earlier page ({@code Walk.replayBroker()}), to which it writes the chapter before's orders itself: on the walk's main
 * broker, that chapter's own run, side by side with this one, would add two more orders at a moment no page could say.
 * No other chapter on that broker uses orders-avro.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemasThatChangeChapter {

    private static final Schema ORDER_V2 = new Schema.Parser()
            .parse("{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example.shop\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"customer\", \"type\": \"string\"},"
                    + " {\"name\": \"amountCents\", \"type\": \"long\"},"
                    + " {\"name\": \"currency\", \"type\": \"string\", \"default\": \"EUR\"}]}");

    private final Recorder recorder;
    private Broker broker;
    /** The end offset of orders-avro before the chapter before's two orders, written with the first version. */
    private long before;

    /** The walk's broker is not used: the chapter has another, with the orders as the reader has them here. */
    SchemasThatChangeChapter(Broker walkBroker, Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    void writeTheFirstVersionsOrders(EmbeddedKafkaBroker replayBroker) throws Exception {
        broker = Fixtures.ownBrokerAsOnThePage(replayBroker, recorder);
        before = Fixtures.writeOrdersWithV1(broker).before();
    }

    @Test
    @Order(1)
    @DisplayName("a schema's second version: old and new readers read old and new records, where they know the"
            + " writer's schema")
    void aSchemaThatChanges() throws Exception {
        String sentV2 = ProgramRun.run(SendOrdersAsAvroV2.class, broker);
        recorder.output("avro-v2-sent", sentV2);
        List<byte[]> values = Fixtures.valuesFrom(broker, "orders-avro", before, 4);
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
        both.addSchema(Fixtures.ORDER_V1);
        both.addSchema(ORDER_V2);
        GenericRecord v2ReadByV1 = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), Fixtures.ORDER_V1, both)
                .decode(values.get(2));
        assertNull(v2ReadByV1.getSchema().getField("currency"), "an old reader does not see the new field");
        assertEquals("order-3", v2ReadByV1.get("id").toString());
    }
}
