package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.CountTheWordsExactlyOnce;
import dev.hellokafka.programs.CrashMidTransaction;
import dev.hellokafka.programs.InvoiceOrders;
import dev.hellokafka.programs.ReadTheInvoices;
import dev.hellokafka.programs.ReadTheTransfers;
import dev.hellokafka.programs.SendEosLines;
import dev.hellokafka.programs.SendOrders;
import dev.hellokafka.programs.SendTransfers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transactions as programs: a producer that commits and aborts, a report of what each isolation level is given, the
 * invoice processor that a crashed copy leaves a transaction open for, which fails a batch and goes back, and which
 * is fenced as a zombie by a second copy; and the word count under exactly_once_v2.
 */
@ExtendWith(TutorialExtension.class)
class ExactlyOnceChapter {

    private static final Map<String, Long> ADDED =
            Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L);

    private final Broker broker;
    private final Recorder recorder;

    ExactlyOnceChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    /** A row of ReadTheTransfers' or ReadTheInvoices' report: the offset, and what each level was given. */
    private record Row(long offset, String committed, String uncommitted) {}

    private static List<Row> rows(String report, int width) {
        List<Row> rows = new ArrayList<>();
        for (String line : report.lines().skip(1).toList()) {
            String committed = line.substring(7, 7 + width).strip();
            String uncommitted = line.substring(8 + width, Math.min(line.length(), 8 + 2 * width))
                    .strip();
            rows.add(new Row(Long.parseLong(line.substring(0, 6).strip()), committed, uncommitted));
        }
        return rows;
    }

    @Test
    @Order(1)
    @DisplayName("a transaction committed and one aborted: read_committed sees the first, and markers take offsets")
    void commitAndAbort() throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("transfers", 1, (short) 1));
        long before = Fixtures.endOffset(broker, "transfers");
        String sent = ProgramRun.run(SendTransfers.class, broker);
        String report = ProgramRun.run(ReadTheTransfers.class, broker);
        recorder.output("sent-transfers", sent);
        recorder.output("transfers", report);

        List<Row> rows =
                rows(report, 16).stream().filter(r -> r.offset() >= before).toList();
        assertEquals(
                List.of(
                        new Row(before, "transfer 1", "transfer 1"),
                        new Row(before + 1, "transfer 2", "transfer 2"),
                        new Row(before + 2, "-", "-"),
                        new Row(before + 3, "-", "transfer 3"),
                        new Row(before + 4, "-", "transfer 4"),
                        new Row(before + 5, "-", "-"),
                        new Row(before + 6, "transfer 5", "transfer 5"),
                        new Row(before + 7, "-", "-")),
                rows,
                "read_committed is given the committed transfers only, and each transaction's marker takes an offset");
    }

    @Test
    @Order(2)
    @DisplayName("the processor that crashed mid-transaction is replaced; a failed batch is aborted and read again;"
            + " a second copy fences the first")
    void consumeTransformProduce() throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("invoices", 1, (short) 1));
        long invoicesBefore = Fixtures.endOffset(broker, "invoices");
        String orders = ProgramRun.run(SendOrders.class, broker);
        recorder.output("orders", orders);
        String crashed = ProgramRun.run(CrashMidTransaction.class, broker);
        recorder.output("crash", crashed);
        assertTrue(crashed.contains("committed: orders 1, 2, 3, 4\n"), "one batch committed: " + crashed);
        assertTrue(crashed.contains("mailed:    invoice for order 8\n"), "the next one mailed: " + crashed);

        ProgramRun replacement = ProgramRun.start(InvoiceOrders.class, broker);
        String replaced = replacement.awaitPrinted("committed: orders 9, 10\n");
        recorder.output("replacement", replaced);
        assertEquals(
                List.of(
                        "aborted:   orders 5, 6, 7, 8 (the mail server did not answer)",
                        "committed: orders 5, 6, 7, 8",
                        "committed: orders 9, 10"),
                batches(replaced),
                "the replacement went on from the last committed transaction: orders 5 to 8, aborted once, then 9"
                        + " and 10");

        String invoices = ProgramRun.run(ReadTheInvoices.class, broker);
        recorder.output("invoices", invoices);
        List<Row> rows = rows(invoices, 20).stream()
                .filter(r -> r.offset() >= invoicesBefore)
                .toList();
        List<String> committed =
                rows.stream().map(Row::committed).filter(v -> !v.equals("-")).toList();
        List<String> everyOrder = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            everyOrder.add("invoice for order " + i);
        }
        assertEquals(everyOrder, committed, "read_committed: one invoice per order, in order");
        long uncommitted =
                rows.stream().filter(r -> !r.uncommitted().equals("-")).count();
        assertEquals(10 + 4 + 4, uncommitted, "read_uncommitted: the crashed batch and the failed attempt too");

        // The zombie: a second copy of the processor starts while the first still runs.
        ProgramRun second = ProgramRun.start(InvoiceOrders.class, broker);
        second.awaitPrinted("Ctrl-C stops.");
        ProgramRun.run(SendOrders.class, broker);
        Poll.until("the first copy to stop, fenced", () -> replacement.printed().contains("which fences"));
        String first = replacement.printed(); // it ended: awaitPrinted would call that a failure
        String zombie = replacement.stop();
        recorder.output("zombie", zombie.substring(replaced.length()).strip());
        second.awaitPrinted("committed: orders 9, 10\n");
        String successor = second.stop();
        recorder.output("successor", successor);
        assertTrue(zombie.contains("ProducerFencedException"), "the first copy was fenced by the second: " + first);
    }

    /** What the processor printed of its batches, without its mails. */
    private static List<String> batches(String replaced) {
        return replaced.lines()
                .filter(l -> l.startsWith("committed") || l.startsWith("aborted"))
                .toList();
    }

    @Test
    @Order(3)
    @DisplayName("Kafka Streams: the word count with processing.guarantee=exactly_once_v2")
    void streamsExactlyOnce() throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("eos-word-counts", 1, (short) 1));
        Properties countsProps = broker.clientProperties();
        countsProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        countsProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        countsProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        List<ConsumerRecord<String, Long>> earlier = Fixtures.readAll(countsProps, "eos-word-counts");
        long endBefore = Fixtures.endOffset(broker, "eos-word-counts");
        Map<String, Long> expected = new TreeMap<>();
        earlier.forEach(r -> expected.put(r.key(), r.value()));
        ADDED.forEach((word, added) -> expected.merge(word, added, Long::sum));

        Fixtures.forgetLocalState("word-count-eos"); // a first run of the application on this machine
        ProgramRun application = ProgramRun.start(CountTheWordsExactlyOnce.class, broker);
        application.awaitPrinted("Ctrl-C stops.");
        recorder.output("eos-lines", ProgramRun.run(SendEosLines.class, broker));
        List<ConsumerRecord<String, Long>> updates = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        TopicPartition partition = new TopicPartition("eos-word-counts", 0);
        try (Consumer<String, Long> consumer = new KafkaConsumer<>(Fixtures.forChecks(countsProps))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, endBefore);
            Poll.until("the exactly-once counts " + expected, Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(100))) {
                    updates.add(r);
                    counts.put(r.key(), r.value());
                }
                return counts.keySet().containsAll(ADDED.keySet())
                        && ADDED.keySet().stream().allMatch(w -> counts.get(w).equals(expected.get(w)));
            });
        }
        String counted = application.stop();
        recorder.output("streams", counted);
        long endAfter = Fixtures.endOffset(broker, "eos-word-counts");
        // What a reader runs to see them: Kafka's console consumer, reading committed records only.
        KafkaTool.Result consumed = KafkaTool.run(
                broker,
                "kafka-console-consumer.sh",
                ConsoleConsumer::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                "eos-word-counts",
                "--from-beginning",
                "--isolation-level",
                "read_committed",
                "--formatter-property",
                "print.key=true",
                "--formatter-property",
                "value.deserializer=org.apache.kafka.common.serialization.LongDeserializer",
                "--max-messages",
                "9",
                "--timeout-ms",
                "30000");
        recorder.output("streams-counts", consumed.transcript());
        assertEquals(0, consumed.exitCode(), consumed.transcript());
        assertEquals(9, updates.size(), "one committed update per word of the three lines");
        assertTrue(
                endAfter - endBefore > updates.size(),
                "the output was written in transactions: their markers take offsets");
    }
}
