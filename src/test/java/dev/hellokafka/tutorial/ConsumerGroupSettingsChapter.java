package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.DescribeGroupSettings;
import dev.hellokafka.programs.ShortenTheSession;
import dev.hellokafka.programs.TryClassicHeartbeats;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class ConsumerGroupSettingsChapter {

    private final Broker broker;
    private final Recorder recorder;

    ConsumerGroupSettingsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("a classic heartbeat setting is refused by the consumer protocol, and the broker's settings apply")
    void heartbeatsAreTheBrokersBusiness() throws Exception {
        String refused = ProgramRun.run(TryClassicHeartbeats.class, broker);
        recorder.output("refused", refused);
        assertEquals(
                List.of(
                        "Refused when created, with a ConfigException:",
                        "partition.assignment.strategy, heartbeat.interval.ms cannot be set when"
                                + " group.protocol=CONSUMER"),
                refused.lines().toList(),
                "the consumer refuses the settings when it is created");

        String settings = ProgramRun.run(DescribeGroupSettings.class, broker);
        recorder.output("broker-settings", settings);
        assertEquals(8, settings.lines().count(), "the broker has all seven: " + settings);
        if (broker.isEmbedded()) {
            assertTrue(
                    settings.lines()
                            .anyMatch(l -> l.matches("group\\.consumer\\.heartbeat\\.interval\\.ms +500 +5000")),
                    "as tutorial.properties sets: " + settings);
        }

        String session = ProgramRun.run(ShortenTheSession.class, broker);
        recorder.output("group-session", session);
        if (broker.isEmbedded()) { // another cluster may have a lower minimum
            assertEquals(
                    List.of(
                            "consumer.session.timeout.ms=10000 for the group events-consumer:",
                            "refused, with an InvalidConfigurationException:",
                            "consumer.session.timeout.ms must be greater than or equal to"
                                    + " group.consumer.min.session.timeout.ms"),
                    session.lines().toList(),
                    "a group cannot go below the broker's minimum");
        }
    }
}
