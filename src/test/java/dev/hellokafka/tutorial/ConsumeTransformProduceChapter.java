package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.CrashMidTransaction;
import dev.hellokafka.programs.InvoiceOrders;
import dev.hellokafka.programs.ReadTheInvoices;
import dev.hellokafka.programs.SendOrders;
import dev.hellokafka.tutorial.Fixtures.ReportRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The invoice processor of the exactly-once chapter, run: a crashed copy leaves a transaction open for it, it fails a
 * batch and goes back, and a second copy fences it as a zombie.
 */
@ExtendWith(TutorialExtension.class)
class ConsumeTransformProduceChapter {

    private final Broker broker;
    private final Recorder recorder;

    ConsumeTransformProduceChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
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
        List<ReportRow> rows = Fixtures.reportRows(invoices, 20).stream()
                .filter(r -> r.offset() >= invoicesBefore)
                .toList();
        List<String> committed = rows.stream()
                .map(ReportRow::committed)
                .filter(v -> !v.equals("-"))
                .toList();
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
}
