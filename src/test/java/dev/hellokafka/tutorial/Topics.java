package dev.hellokafka.tutorial;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.hellokafka.harness.Broker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a chapter needs; a topic that is already there (a rerun, a used cluster) is fine. */
final class Topics {

    private Topics() {
    }

    static void createIfAbsent(Broker broker, NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
