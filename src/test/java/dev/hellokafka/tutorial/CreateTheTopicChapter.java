package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CreateTheTopic;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class CreateTheTopicChapter {

    private final Broker broker;
    private final Recorder recorder;

    CreateTheTopicChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("createTopics makes sample with one partition and one replica")
    void createTheSampleTopic() throws Exception {
        String printed = ProgramRun.run(CreateTheTopic.class, broker);
        recorder.output("created", printed);
        if (broker.isNewForThisRun()) {
            assertEquals("Created topic sample.", printed.strip(), "the first run creates it");
        }

        try (Admin admin = Admin.create(broker.clientProperties())) {
            TopicDescription sample = admin.describeTopics(List.of("sample"))
                    .allTopicNames()
                    .get()
                    .get("sample");
            assertEquals(1, sample.partitions().size(), "sample should have one partition");
            assertEquals(1, sample.partitions().get(0).replicas().size(), "sample should have one replica");
        }
    }

    @Test
    @Order(2)
    @DisplayName("creating it a second time is refused with TopicExistsException, which the program expects")
    void creatingItAgainIsRefused() throws Exception {
        String printed = ProgramRun.run(CreateTheTopic.class, broker);
        recorder.output("exists", printed);
        assertTrue(printed.contains("TopicExistsException"), "the broker refused the second create: " + printed);
    }
}
