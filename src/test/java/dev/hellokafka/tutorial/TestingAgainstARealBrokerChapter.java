package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.DockerProbe;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application of TestingYourOwnKafkaCodeChapter tested on a real broker: in the test's JVM, and in a container
 * where Docker is usable. This step runs those tests with JUnit, as the reader's build would, and records what
 * each one found; -Dtest=OrdersOnABrokerTest runs one alone.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
class TestingAgainstARealBrokerChapter {

    private final Recorder recorder;

    TestingAgainstARealBrokerChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("an integration test on a broker in the test's JVM, started by a JUnit extension of one file")
    void anIntegrationTestOnABrokerInTheJvm() throws InterruptedException {
        Fixtures.TestsRun report = Fixtures.runTests("OrdersOnABrokerTest");
        assertEquals(List.of(), report.failures(), "the integration tests pass");
        assertEquals(2, report.rows().size(), "both integration tests ran");
        recorder.table("in-jvm", Fixtures.TestsRun.HEADER, report.rows());
    }

    /** The image the container test names (its classes are the reader's: package-private, like theirs would be). */
    private static String containerTestImage() throws ReflectiveOperationException {
        java.lang.reflect.Field image =
                Class.forName(Fixtures.TESTING + "OrdersInAContainerTest").getDeclaredField("IMAGE");
        image.setAccessible(true);
        return (String) image.get(null);
    }

    @Test
    @Order(2)
    @DisplayName("the Testcontainers way: runs where Docker is usable, and is skipped, saying so, where not")
    void theTestcontainersWay() throws Exception {
        String image = containerTestImage();
        assertEquals(
                "apache/kafka:" + AppInfoParser.getVersion(),
                image,
                "the container test's image is the Kafka version of this build");
        // disabledWithoutDocker skips the class only where there is no engine; an engine that can neither find
        // nor pull the image would keep the test waiting for minutes, so the walk asks first.
        Optional<String> noContainer = DockerProbe.whyNoContainerOf(image);
        if (noContainer.isPresent()) {
            assertFalse(
                    "testcontainers".equals(System.getProperty("kafka.broker")),
                    "in the testcontainers mode, Docker is usable: the container test must run");
            recorder.note("OrdersInAContainerTest not run: " + noContainer.get());
            return;
        }
        Fixtures.TestsRun report = Fixtures.runTests("OrdersInAContainerTest");
        assertEquals(List.of(), report.failures(), "the container test passes where it runs");
        if (report.rows().isEmpty()) {
            assertFalse(report.skipped().isEmpty(), "a container test that did not run was skipped, with a reason");
            assertFalse(
                    "testcontainers".equals(System.getProperty("kafka.broker")),
                    "in the testcontainers mode, Docker is usable: the container test must run");
            recorder.note("OrdersInAContainerTest skipped (" + String.join("; ", report.skipped()) + ")");
        } else {
            assertTrue(report.skipped().isEmpty());
            recorder.note("OrdersInAContainerTest ran on " + image + ": "
                    + report.rows().stream()
                            .map(row -> row.get(1) + " " + row.get(2))
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
    }
}
