package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
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

    private Properties adminProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        return adminProps;
    }

    @Test
    @Order(1)
    @DisplayName("createTopics makes sample with one partition and one replica")
    void createTheSampleTopic() throws Exception {
        Properties adminProps = adminProps();
        // tag::create[]
        String outcome;
        try (Admin admin = Admin.create(adminProps)) {
            NewTopic sample = new NewTopic("sample", 1, (short) 1); // name, partitions, replication factor
            admin.createTopics(List.of(sample)).all().get(); // get() waits for the controller's answer
            outcome = "Created topic sample.";
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            outcome = "Topic sample already exists."; // fine: it is there either way
        }
        // end::create[]
        recorder.output("created", outcome);

        try (Admin admin = Admin.create(adminProps)) {
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
    @DisplayName("creating it a second time fails with TopicExistsException")
    void creatingItAgainFails() throws Exception {
        Properties adminProps = adminProps();
        // tag::create-again[]
        Throwable refused = null;
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic("sample", 1, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            refused = e.getCause(); // the broker's answer, wrapped by the future
        }
        // end::create-again[]
        assertInstanceOf(TopicExistsException.class, refused, "the second create is refused");
        recorder.output("exists", refused.getClass().getName() + ": " + refused.getMessage());
    }
}
