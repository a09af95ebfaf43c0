package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.ReadTheTransfers;
import dev.hellokafka.programs.SendTransfers;
import dev.hellokafka.tutorial.Fixtures.ReportRow;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transactions as programs: a producer that commits and aborts, and a report of what each isolation level is given.
 * The invoice processor the page shows runs in ConsumeTransformProduceChapter.
 */
@ExtendWith(TutorialExtension.class)
class ExactlyOnceChapter {

    private final Broker broker;
    private final Recorder recorder;

    ExactlyOnceChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
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

        List<ReportRow> rows = Fixtures.reportRows(report, 16).stream()
                .filter(r -> r.offset() >= before)
                .toList();
        assertEquals(
                List.of(
                        new ReportRow(before, "transfer 1", "transfer 1"),
                        new ReportRow(before + 1, "transfer 2", "transfer 2"),
                        new ReportRow(before + 2, "-", "-"),
                        new ReportRow(before + 3, "-", "transfer 3"),
                        new ReportRow(before + 4, "-", "transfer 4"),
                        new ReportRow(before + 5, "-", "-"),
                        new ReportRow(before + 6, "transfer 5", "transfer 5"),
                        new ReportRow(before + 7, "-", "-")),
                rows,
                "read_committed is given the committed transfers only, and each transaction's marker takes an offset");
    }
}
