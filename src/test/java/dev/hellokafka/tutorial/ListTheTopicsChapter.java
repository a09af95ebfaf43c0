package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ListTheTopics;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicListing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class ListTheTopicsChapter {

    private final Broker broker;
    private final Recorder recorder;

    ListTheTopicsChapter(Broker broker, Recorder recorder) throws Exception {
        this.broker = broker;
        this.recorder = recorder;
        SampleTopic.ensureExists(broker);
    }

    @Test
    @DisplayName("sample is in the list, and no internal topic is")
    void sampleIsListed() throws Exception {
        String printed = ProgramRun.run(ListTheTopics.class, broker);
        recorder.output("names", printed);
        assertTrue(printed.lines().findFirst().orElseThrow().contains("sample"), "sample is listed: " + printed);
        if (broker.isNewForThisRun()) {
            assertTrue(
                    printed.contains("with the internal ones:   [sample]"),
                    "no internal topic exists before a group or a transaction needs one: " + printed);
        }
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Collection<TopicListing> listings = admin.listTopics().listings().get();
            assertTrue(
                    listings.stream().noneMatch(TopicListing::isInternal),
                    "listTopics() without options leaves out internal topics: " + listings);
        }
    }
}
