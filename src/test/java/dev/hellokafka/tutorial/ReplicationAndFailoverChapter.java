package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaCluster;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.harness.Walk;
import dev.hellokafka.programs.CountDeposits;
import dev.hellokafka.programs.CreateDeposits;
import dev.hellokafka.programs.SendDeposits;
import dev.hellokafka.programs.SendWithEachAcks;
import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The cluster of the chapters on failover, three brokers and three controllers in every broker mode, which this
 * chapter has to itself while it runs: brokers are stopped and started again here, as an operator would with
 * kafka-server-stop.sh and kafka-server-start.sh, while the chapter's programs run against it.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@ResourceLock(Walk.FAILOVER_CLUSTER) // one chapter at a time on the cluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the cluster, stopped and started through the chapter's tests
class ReplicationAndFailoverChapter {

    private final Recorder recorder;
    private EmbeddedKafkaCluster cluster;
    private Broker brokers;

    ReplicationAndFailoverChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    void takeTheCluster(EmbeddedKafkaCluster failoverCluster) {
        cluster = failoverCluster;
        brokers = Fixtures.brokersAsOnThePage(cluster, recorder);
    }

    @Test
    @Order(1)
    @DisplayName("a topic with three copies: a leader, two followers, all in sync")
    void threeCopies() throws Exception {
        recorder.output("created", ProgramRun.run(CreateDeposits.class, brokers));
        Fixtures.awaitEveryCopy(brokers, "deposits");
        recorder.output("described", Fixtures.describedByKafkaTopics(brokers, recorder, "deposits"));
        TopicPartitionInfo partition = Fixtures.firstPartition(brokers, "deposits");
        assertEquals(1, partition.leader().id(), "the first replica of the list leads");
        assertEquals(List.of(1, 2, 3), ids(partition.isr()), "all three copies in sync");
    }

    @Test
    @Order(2)
    @DisplayName("the leader stops while an acks=all producer writes: a new leader, and every acknowledged record kept")
    void leaderStops() throws Exception {
        int leaderBefore = Fixtures.firstPartition(brokers, "deposits").leader().id();
        ProgramRun sending = ProgramRun.start(SendDeposits.class, brokers);
        sending.awaitPrinted("50 deposits sent");
        cluster.stopBroker(leaderBefore); // what kafka-server-stop.sh does on the leader's machine
        String sent = sending.finish();
        recorder.output("leader-stops", sent);
        String counted = ProgramRun.run(CountDeposits.class, brokers);
        recorder.output("counted", counted);
        TopicPartitionInfo after = Fixtures.firstPartition(brokers, "deposits");
        recorder.output("leader-after", Fixtures.describedByKafkaTopics(brokers, recorder, "deposits"));

        assertTrue(sent.contains("acknowledged: 150, reported failed: 0"), "every deposit acknowledged: " + sent);
        assertTrue(counted.startsWith("a consumer reads 150 deposits"), "and every one is in the topic: " + counted);
        assertNotEquals(leaderBefore, after.leader().id(), "another broker leads now");
        assertEquals(2, after.isr().size(), "the two copies left are in sync");
    }

    @Test
    @Order(3)
    @DisplayName("with one copy left in sync, acks=all is refused; reads go on, and acks=1 is accepted")
    void tooFewInSync() throws Exception {
        int stopped = Fixtures.firstPartition(brokers, "deposits").leader().id();
        cluster.stopBroker(stopped); // a second broker goes
        Poll.until("the last copy in sync to lead, with broker " + stopped + " eligible to lead again", () -> {
            TopicPartitionInfo partition = Fixtures.firstPartition(brokers, "deposits");
            return partition.leader() != null
                    && partition.leader().id() != stopped
                    && partition.isr().size() == 1
                    && ids(partition.elr()).equals(List.of(stopped));
        });
        recorder.output("one-left", Fixtures.describedByKafkaTopics(brokers, recorder, "deposits"));
        String outcome = ProgramRun.run(SendWithEachAcks.class, brokers);
        String counted = ProgramRun.run(CountDeposits.class, brokers);
        recorder.output("too-few", outcome);
        recorder.output("too-few-counted", counted);
        assertTrue(
                outcome.contains("acks=all refused: org.apache.kafka.common.errors.NotEnoughReplicasException"),
                "acks=all is refused with one copy in sync and min.insync.replicas=2: " + outcome);
        assertTrue(outcome.contains("acks=1   stored"), "acks=1 takes the leader's word alone: " + outcome);
        assertTrue(
                counted.startsWith("a consumer reads 150 deposits"),
                "the acks=1 record is on the leader only, and so not yet committed to readers: " + counted);
    }

    @Test
    @Order(4)
    @DisplayName("both brokers return: the copies catch up, the set is whole again, and acks=all writes succeed")
    void brokersReturn() throws Exception {
        cluster.brokerIds().forEach(cluster::startBroker); // kafka-server-start.sh on both machines
        Poll.until(
                "the three copies of deposits to be in sync",
                () -> Fixtures.firstPartition(brokers, "deposits").isr().size() == 3);
        String outcome = ProgramRun.run(SendWithEachAcks.class, brokers);
        // acks=1 is answered once the leader has the record; readers see it once the followers have it too.
        Poll.until(
                "the followers to copy the last deposit, which makes every deposit visible to readers",
                () -> Fixtures.endOffset(brokers, "deposits") == 153);
        String counted = ProgramRun.run(CountDeposits.class, brokers);
        recorder.output("back", Fixtures.describedByKafkaTopics(brokers, recorder, "deposits"));
        recorder.output("back-sent", outcome);
        recorder.output("back-counted", counted);
        assertTrue(outcome.contains("acks=all stored") && outcome.contains("acks=1   stored"), outcome);
        assertTrue(
                counted.startsWith("a consumer reads 153 deposits"),
                "the first acks=1 record is committed once enough copies have it, and the two new ones: " + counted);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).sorted().toList();
    }
}
