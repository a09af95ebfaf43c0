package dev.hellokafka.tutorial;

import static dev.hellokafka.tutorial.ParcelsTopic.committed;
import static dev.hellokafka.tutorial.ParcelsTopic.consumerGroupMembers;
import static dev.hellokafka.tutorial.ParcelsTopic.ends;
import static dev.hellokafka.tutorial.ParcelsTopic.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ProcessParcels;
import dev.hellokafka.programs.SendParcels;
import dev.hellokafka.programs.ShowTheLag;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's programs use the page's own topic and group (parcels, shipping), as a reader runs them one after
 * another; on a cluster that earlier runs used, every check counts from the offsets this run found or sent. The two
 * chapters that go on with the parcels ({@link MovingOffsetsChapter}, {@link WhenPartitionsMoveChapter}) run on
 * brokers of their own.
 */
@ExtendWith(TutorialExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunningAGroupChapter {

    private final Broker broker;
    private final Recorder recorder;

    RunningAGroupChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName(
            "lag: a group stopped while parcels come in; kafka-consumer-groups.sh --describe, and the same from Admin")
    void lag() throws Exception {
        recorder.output("sent", ProgramRun.run(SendParcels.class, broker));
        ProgramRun processor = ProgramRun.start(ProcessParcels.class, broker);
        processor.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends(broker);
        Poll.until(
                "the group shipping to commit every parcel",
                () -> committed(broker, "shipping").equals(ends));
        assertTrue(processor.stop().strip().endsWith("Stopped."));
        assertEquals(0, consumerGroupMembers(broker, "shipping"), "close() left the group at once");

        recorder.output("sent-again", ProgramRun.run(SendParcels.class, broker));
        var described = tool(
                broker, "kafka-consumer-groups.sh", ConsumerGroupCommand::main, "--describe", "--group", "shipping");
        recorder.output("describe", described.transcript());
        String lag = ProgramRun.run(ShowTheLag.class, broker);
        recorder.output("lag", lag);

        long toolLag = described
                .out()
                .lines()
                .filter(l -> l.startsWith("shipping "))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[5]))
                .sum();
        long adminLag = Pattern.compile("lag (\\d+)")
                .matcher(lag)
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .sum();
        assertEquals(20, adminLag, "the group is 20 parcels behind, those sent while it was stopped: " + lag);
        assertEquals(adminLag, toolLag, "the tool and Admin count the same lag");
        assertTrue(described.transcript().contains("has no active members"), described.transcript());
    }
}
