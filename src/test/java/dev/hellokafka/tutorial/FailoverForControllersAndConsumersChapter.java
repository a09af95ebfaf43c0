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
import dev.hellokafka.programs.CreateTheTopic;
import dev.hellokafka.programs.DescribeTheQuorum;
import dev.hellokafka.programs.ReadShipments;
import dev.hellokafka.programs.SendShipments;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The cluster of replication-and-failover, three brokers and three controllers, which this chapter has to itself
 * while it runs: the quorum's leader is stopped, then a broker under a consumer, as an operator would with
 * kafka-server-stop.sh.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@ResourceLock(Walk.FAILOVER_CLUSTER) // one chapter at a time on the cluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the cluster, stopped and started through the chapter's tests
class FailoverForControllersAndConsumersChapter {

    private final Recorder recorder;
    private EmbeddedKafkaCluster cluster;
    private Broker brokers;

    FailoverForControllersAndConsumersChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    void takeTheCluster(EmbeddedKafkaCluster failoverCluster) {
        cluster = failoverCluster;
        brokers = Fixtures.brokersAsOnThePage(cluster, recorder);
    }

    @Test
    @Order(1)
    @DisplayName("the metadata quorum: three voters; its leader stops, another is elected, and the cluster goes on")
    void quorumLosesItsLeader() throws Exception {
        String before = ProgramRun.run(DescribeTheQuorum.class, brokers);
        int leaderBefore = leaderIn(before);
        cluster.stopController(leaderBefore); // kafka-server-stop.sh on the quorum leader's machine
        // A new leader lists the brokers as observers once each has fetched the metadata log from it.
        Poll.until("the two voters left to elect a leader, which every broker follows", () -> {
            QuorumInfo quorum = quorum();
            return quorum.leaderId() >= 0
                    && quorum.leaderId() != leaderBefore
                    && quorum.observers().size() == cluster.brokerIds().size();
        });
        String after = ProgramRun.run(DescribeTheQuorum.class, brokers);
        int leaderAfter = leaderIn(after);
        String created = ProgramRun.run(CreateTheTopic.class, brokers); // a metadata change
        cluster.startController(leaderBefore);
        // Which voter wins an election differs from run to run; the run knows both from what the program printed.
        recorder.registerRunValue("leader:                " + leaderBefore, "leader:                <a voter>");
        recorder.registerRunValue("leader:                " + leaderAfter, "leader:                <another voter>");
        recorder.output("quorum-before", before);
        recorder.output("quorum-after", after);
        recorder.output("quorum-created", created);
        assertNotEquals(leaderBefore, leaderAfter, "another voter leads");
        assertTrue(before.startsWith("voters (controllers):  101, 102, 103"), before);
        assertTrue(before.contains("observers (brokers):   1, 2, 3"), "the brokers follow the metadata log: " + before);
        assertEquals("Created topic sample.", created.strip(), "two of three voters are a majority");
    }

    @Test
    @Order(2)
    @DisplayName("a consumer in a group reads on across a leader change, with no code of its own for it")
    void consumerReadsOn() throws Exception {
        ProgramRun reading = ProgramRun.start(ReadShipments.class, brokers);
        reading.awaitPrinted("Ctrl-C stops.");
        ProgramRun sending = ProgramRun.start(SendShipments.class, brokers);
        reading.awaitPrinted("shipment 6\n");
        cluster.stopBroker(
                Fixtures.firstPartition(brokers, "shipments").leader().id()); // the leader goes
        sending.finish();
        reading.awaitPrinted("shipment 12\n");
        String read = reading.stop();
        recorder.output("consumer-reads-on", read);
        recorder.output("shipments-leader", Fixtures.describedByKafkaTopics(brokers, recorder, "shipments"));
        assertNotEquals(
                1, Fixtures.firstPartition(brokers, "shipments").leader().id(), "broker 1 led, and stopped");
        for (int i = 1; i <= 12; i++) {
            assertTrue(read.contains(": shipment " + i + "\n"), "shipment " + i + " read: " + read);
        }
    }

    private static int leaderIn(String printed) {
        return Integer.parseInt(printed.replaceAll("(?s).*leader: +(\\d+).*", "$1"));
    }

    private QuorumInfo quorum() throws Exception {
        try (Admin admin = Admin.create(brokers.clientProperties())) {
            return admin.describeMetadataQuorum().quorumInfo().get();
        }
    }
}
