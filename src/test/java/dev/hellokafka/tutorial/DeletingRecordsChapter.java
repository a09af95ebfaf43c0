package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.PrintTheAuditLog;
import dev.hellokafka.programs.SendBalances;
import dev.hellokafka.programs.TrimTheAuditLog;
import dev.hellokafka.programs.TrimTheBalances;
import dev.hellokafka.programs.WriteTheAuditLog;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topics (audit-log, balances), as a reader runs them; on a cluster that
 * earlier runs used, the checks count from what this run sent, and those that need the topics new are made only on
 * a broker started for this run.
 */
@ExtendWith(TutorialExtension.class)
class DeletingRecordsChapter {

    private final Broker broker;
    private final Recorder recorder;

    DeletingRecordsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("deleteRecords moves the log start offset; the records before it are gone")
    void deleteRecords() throws Exception {
        String written = ProgramRun.run(WriteTheAuditLog.class, broker);
        recorder.output("audit-written", written);
        String trimmed = ProgramRun.run(TrimTheAuditLog.class, broker);
        recorder.output("trimmed", trimmed);
        String left = ProgramRun.run(PrintTheAuditLog.class, broker);
        recorder.output("audit-left", left);
        List<String> entries = Fixtures.reportedValues(left);
        assertEquals(
                List.of("entry 4", "entry 5", "entry 6", "entry 7", "entry 8", "entry 9"),
                entries,
                "the last six entries are left: " + left);
        long end = Fixtures.endOffset(broker, "audit-log");
        assertTrue(trimmed.strip().endsWith("its log start offset is " + (end - 6) + "."), trimmed);
        assertEquals(
                end - 6,
                Fixtures.reportedOffsets(left).get(0),
                "the report starts at the new log start offset: " + left);
        if (broker.isNewForThisRun()) {
            assertEquals(4, end - 6, "on a new topic, the records before offset 4 are gone");
        }
    }

    @Test
    @Order(2)
    @DisplayName("deleteRecords is refused on a topic that is compacted only")
    void deleteRecordsOnACompactedTopic() throws Exception {
        recorder.output("balances-sent", ProgramRun.run(SendBalances.class, broker));
        String refused = ProgramRun.run(TrimTheBalances.class, broker);
        recorder.output("delete-records-compacted", refused);
        assertTrue(
                Fixtures.messagesJoined(refused.strip())
                        .endsWith("refused: PolicyViolationException\n"
                                + "    Request parameters do not satisfy the configured policy."),
                refused);
    }
}
