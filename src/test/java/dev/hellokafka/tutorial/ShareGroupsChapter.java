package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.NeedsFeature;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.AcknowledgeEachJob;
import dev.hellokafka.programs.ReadJobsInAGroup;
import dev.hellokafka.programs.SendJobs;
import dev.hellokafka.programs.SendTrickyJobs;
import dev.hellokafka.programs.TakeJobs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chapter's programs use the page's own topics and groups (jobs, tricky-jobs), as a reader runs them; on a cluster
 * that earlier runs used, every check counts only the records this run sent.
 */
@ExtendWith(TutorialExtension.class)
@NeedsFeature(name = "share.version", level = 1, gives = "share groups")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT) // each test has share groups of its own, so they run side by side
class ShareGroupsChapter {

    private final Broker broker;
    private final Recorder recorder;
    /** The offset of job-1 of tricky-jobs as this run sent it: the next three offsets are this run's jobs. */
    private long trickyStart;

    ShareGroupsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    void theTrickyJobs() throws Exception {
        String sent = ProgramRun.run(SendTrickyJobs.class, broker);
        recorder.output("sent-tricky", sent);
        trickyStart = Fixtures.trickyJobsStart(sent);
    }

    @Test
    @Order(1)
    @DisplayName(
            "three workers of a share group on one partition all take jobs; three members of a consumer group do not")
    void threeWorkersOnePartition() throws Exception {
        List<ProgramRun> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // terminals 2, 3 and 4
            ProgramRun worker = ProgramRun.start(TakeJobs.class, broker);
            worker.awaitPrinted("Ctrl-C stops.");
            workers.add(worker);
        }
        awaitWorkersReady("job-workers", 3);
        long end = Fixtures.endOffset(broker, "jobs");
        String sent = ProgramRun.run(SendJobs.class, broker); // terminal 5
        recorder.output("sent", sent);
        assertEquals("Sent job-1 to job-30 to jobs, at offsets " + end + " to " + (end + 29) + ".", sent.strip());
        Poll.until(
                "the workers to take the 30 jobs",
                () -> workers.stream()
                                .mapToLong(w -> Fixtures.offsets(w.printed()).stream()
                                        .filter(o -> o >= end)
                                        .count())
                                .sum()
                        >= 30);
        List<List<Long>> taken = new ArrayList<>();
        for (ProgramRun worker : workers) {
            taken.add(Fixtures.offsets(worker.stop()).stream()
                    .filter(o -> o >= end)
                    .toList());
        }
        List<Long> all = taken.stream().flatMap(List::stream).sorted().toList();
        assertEquals(range(end, 30), all, "each job went to exactly one worker: " + taken);
        long sharing = taken.stream().filter(t -> !t.isEmpty()).count();
        if (broker.isNewForThisRun()) {
            // What the page shows. How the broker spreads the jobs is not a promise: one with Kafka's defaults
            // may hand one worker most of them in one fetch. The promise is the one above: each to one worker.
            assertEquals(3, sharing, "every worker took jobs: " + taken);
        }

        List<ProgramRun> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProgramRun member = ProgramRun.start(ReadJobsInAGroup.class, broker);
            member.awaitPrinted("Ctrl-C stops.");
            members.add(member);
        }
        Poll.until(
                "a member of job-readers to read the 30 jobs, and the group to have its 3 members",
                () -> members.stream()
                                .anyMatch(m -> Fixtures.offsets(m.printed()).contains(end + 29))
                        && consumerGroupMembers("job-readers") == 3);
        List<List<Long>> read = new ArrayList<>();
        for (ProgramRun member : members) {
            read.add(Fixtures.offsets(member.stop()).stream()
                    .filter(o -> o >= end)
                    .toList());
        }
        long reading = read.stream().filter(r -> !r.isEmpty()).count();
        assertEquals(1, reading, "the one partition went to one member: " + read);
        assertEquals(range(end, 30), read.stream().flatMap(List::stream).toList(), "which read every job");
        recorder.table(
                "who-got-jobs",
                List.of("three programs reading the one-partition topic", "programs that got jobs", "jobs in all"),
                List.of(
                        List.of("`TakeJobs`, in one share group", sharing + " of 3", all.size()),
                        List.of(
                                "`ReadJobsInAGroup`, in one consumer group",
                                reading + " of 3",
                                read.stream().mapToInt(List::size).sum())));
    }

    @Test
    @Order(2)
    @DisplayName(
            "each job is acknowledged on its own: accept, release (it comes back), reject (it does not); a job released too often is given up")
    @NeedsFeature(name = "metadata.version", level = 30, gives = "share.delivery.count.limit as a group config")
    void acknowledgeEachJob() throws Exception {
        ProgramRun worker = ProgramRun.start(AcknowledgeEachJob.class, broker);
        worker.awaitPrinted("Ctrl-C stops.");
        worker.awaitPrinted("offset " + (trickyStart + 1) + ": job-2, delivery 3");
        awaitNothingLeft("careful-workers", "tricky-jobs");
        String printed = worker.stop();
        recorder.output("acknowledge", printed);
        assertEquals(
                List.of(
                        "job-1, delivery 1 -> accept",
                        "job-2, delivery 1 -> release",
                        "job-2, delivery 2 -> release",
                        "job-2, delivery 3 -> release",
                        "job-3, delivery 1 -> reject"),
                Fixtures.jobs(printed, trickyStart).stream().sorted().toList(),
                "job-2 came back twice, job-3 never, and after the third delivery the group gave job-2 up: " + printed);
    }

    private static List<Long> range(long from, int count) {
        List<Long> offsets = new ArrayList<>();
        for (long o = from; o < from + count; o++) {
            offsets.add(o);
        }
        return offsets;
    }

    /**
     * Waits until the share group has this many members, each given the topic's partition: jobs sent from then on
     * are shared by them all, as a reader's workers started a moment before the jobs.
     */
    private void awaitWorkersReady(String group, int members) {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Poll.until("the share group " + group + " to have " + members + " members with a partition", () -> {
                try {
                    Collection<ShareMemberDescription> joined = admin.describeShareGroups(List.of(group))
                            .describedGroups()
                            .get(group)
                            .get()
                            .members();
                    return joined.size() == members
                            && joined.stream()
                                    .noneMatch(m ->
                                            m.assignment().topicPartitions().isEmpty());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        return false; // the first member has not reached the coordinator yet
                    }
                    throw e;
                }
            });
        }
    }

    /**
     * Waits until the share group has nothing left to deliver in the topic's partition 0: every record is done
     * (accepted, rejected, or given up). Its start offset may lag behind: it moves past a record given up later.
     */
    private void awaitNothingLeft(String group, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Poll.until(group + " to have nothing left to deliver in " + partition, () -> {
                SharePartitionOffsetInfo info = admin.listShareGroupOffsets(
                                Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(List.of(partition))))
                        .partitionsToOffsetInfo(group)
                        .get()
                        .get(partition);
                return info != null && info.lag().orElse(-1L) == 0;
            });
        }
    }

    private int consumerGroupMembers(String group) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members()
                    .size();
        }
    }
}
