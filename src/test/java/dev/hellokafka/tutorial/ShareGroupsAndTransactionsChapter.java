package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.NeedsFeature;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.SendJobsInTransactions;
import dev.hellokafka.programs.TakeCommittedJobs;
import dev.hellokafka.programs.TakeTransactionalJobs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topic and groups (transactional-jobs), as a reader runs them; on a
 * cluster that earlier runs used, the check counts only the records this run sent.
 */
@ExtendWith(TutorialExtension.class)
@NeedsFeature(name = "share.version", level = 1, gives = "share groups")
class ShareGroupsAndTransactionsChapter {

    private final Broker broker;
    private final Recorder recorder;

    ShareGroupsAndTransactionsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("a share group takes the jobs of aborted transactions unless it is set to read_committed")
    void isolationLevel() throws Exception {
        String sent = ProgramRun.run(SendJobsInTransactions.class, broker);
        recorder.output("sent-transactional", sent);
        Matcher first = Pattern.compile("offset (\\d+): job-1, committed").matcher(sent);
        assertTrue(first.find(), sent);
        long start = Long.parseLong(first.group(1));
        Map<String, List<String>> taken = new LinkedHashMap<>();
        for (Class<?> program : List.of(TakeTransactionalJobs.class, TakeCommittedJobs.class)) {
            ProgramRun worker = ProgramRun.start(program, broker);
            Poll.until(
                    program.getSimpleName() + " to take job-3 of this run, the last job",
                    () -> Fixtures.jobs(worker.printed(), start).contains("job-3"));
            String printed = worker.stop();
            recorder.output(program == TakeCommittedJobs.class ? "committed" : "uncommitted", printed);
            taken.put(program.getSimpleName(), Fixtures.jobs(printed, start));
        }
        assertEquals(
                Map.of(
                        "TakeTransactionalJobs", List.of("job-1", "job-2 (aborted)", "job-3"),
                        "TakeCommittedJobs", List.of("job-1", "job-3")),
                taken,
                "the default takes every job; read_committed only the committed ones");
    }
}
