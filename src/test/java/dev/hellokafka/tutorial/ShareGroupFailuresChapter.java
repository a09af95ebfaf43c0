package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ForgetToAcknowledge;
import dev.hellokafka.programs.SendTrickyJobs;
import dev.hellokafka.programs.SpareWorker;
import dev.hellokafka.programs.StuckWorker;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.tools.consumer.ConsoleShareConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chapter's programs read the three jobs of tricky-jobs that SendTrickyJobs sent on the page before, each with a
 * share group of its own, as a reader runs them. The chapter runs on the broker the walk keeps for the chapters that go
 * on from an earlier page ({@code Walk.replayBroker()}), to which it sends those jobs itself: on the walk's main
 * broker, the share groups chapter's own run of SendTrickyJobs, side by side with this one, would add three more jobs
 * at a moment no page could say. No other chapter on that broker uses tricky-jobs.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT) // each test has share groups of its own, so they run side by side
class ShareGroupFailuresChapter {

    private final Recorder recorder;
    private Broker broker;
    /** The offset of job-1 of tricky-jobs as this run sent it: the next three offsets are this run's jobs. */
    private long trickyStart;

    /** The walk's broker is not used: the chapter has another, with the jobs as the reader has them here. */
    ShareGroupFailuresChapter(Broker walkBroker, Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    void sendTheTrickyJobs(EmbeddedKafkaBroker replayBroker) throws Exception {
        broker = Fixtures.ownBrokerAsOnThePage(replayBroker, recorder);
        trickyStart = Fixtures.trickyJobsStart(ProgramRun.run(SendTrickyJobs.class, broker));
    }

    @Test
    @Order(1)
    @DisplayName("in explicit mode, a poll before every job of the last one is acknowledged is refused")
    void everyJobAcknowledgedBeforeTheNextPoll() throws Exception {
        String printed = ProgramRun.run(ForgetToAcknowledge.class, broker);
        recorder.output("unacknowledged", printed);
        assertTrue(
                Fixtures.messagesJoined(printed.strip())
                        .endsWith("The next poll was refused: java.lang.IllegalStateException\n"
                                + "    All records must be acknowledged in explicit acknowledgement mode."),
                printed);
    }

    @Test
    @Order(2)
    @DisplayName("a worker that neither acknowledges nor polls loses its jobs when their lock runs out")
    void theLockRunsOut() throws Exception {
        assumeTrue(
                brokerSetting("group.share.min.record.lock.duration.ms") <= 2_000,
                "this cluster allows no lock as short as StuckWorker's 2 s");
        ProgramRun stuck = ProgramRun.start(StuckWorker.class, broker);
        String took = stuck.awaitPrinted("Stuck:");
        List<Long> held =
                Fixtures.offsets(took).stream().filter(o -> o >= trickyStart).toList();
        assertTrue(!held.isEmpty(), "the stuck worker took jobs of this run: " + took);
        ProgramRun spare = ProgramRun.start(SpareWorker.class, broker);
        Poll.until(
                "the spare worker to do the jobs the stuck one holds",
                () -> Fixtures.offsets(spare.printed()).containsAll(held));
        String spared = spare.stop();
        String stuckPrinted = stuck.stop();
        recorder.output("stuck", stuckPrinted);
        recorder.output("spare", spared);
        assertTrue(stuckPrinted.contains("locked for this worker for 2000 ms"), stuckPrinted);
        for (String job : Fixtures.jobs(spared, trickyStart)) {
            Matcher delivery =
                    Pattern.compile("delivery (\\d+), locked for 2000 ms").matcher(job);
            assertTrue(delivery.find() && Integer.parseInt(delivery.group(1)) >= 2, "delivered again: " + job);
        }
    }

    @Test
    @Order(3)
    @DisplayName(
            "kafka-console-share-consumer.sh reads as a member of a share group, which kafka-configs.sh configures")
    void consoleShareConsumer() throws Exception {
        var configured = run(
                broker,
                "kafka-configs.sh",
                ConfigCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--alter",
                "--entity-type",
                "groups",
                "--entity-name",
                "console-workers",
                "--add-config",
                "share.auto.offset.reset=earliest");
        var consumed = run(
                broker,
                "kafka-console-share-consumer.sh",
                ConsoleShareConsumer::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                "tricky-jobs",
                "--group",
                "console-workers",
                "--max-messages",
                "3",
                "--timeout-ms",
                "30000");
        recorder.output("console", configured.transcript() + "\n" + consumed.transcript(), "bash");
        assertEquals(0, configured.exitCode(), configured.transcript());
        assertEquals(3, consumed.out().lines().count(), consumed.transcript());
        if (broker.isNewForThisRun()) {
            assertEquals(
                    List.of("job-1", "job-2", "job-3"), consumed.out().lines().toList(), consumed.transcript());
        }
    }

    private long brokerSetting(String name) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            String node =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
            return Long.parseLong(admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(name)
                    .value());
        }
    }
}
