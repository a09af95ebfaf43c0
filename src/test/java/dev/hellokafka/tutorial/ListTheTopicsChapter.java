package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.util.Collection;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::list[]
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> names = admin.listTopics().names().get();
            // end::list[]
            recorder.output("names", String.join("\n", new TreeSet<>(names)));
            assertTrue(names.contains("sample"), "sample should be listed: " + names);

            Collection<TopicListing> listings = admin.listTopics().listings().get();
            assertTrue(
                    listings.stream().noneMatch(TopicListing::isInternal),
                    "listTopics() without options should leave out internal topics: " + listings);
            // tag::list[]
        }
        // end::list[]
    }
}
