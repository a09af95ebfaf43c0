package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hellokafka.harness.DockerProbe;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.ThreadStreams;
import dev.hellokafka.harness.TutorialExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The chapter's own application (dev.hellokafka.tutorial.testing) is tested three ways; this step runs those
 * tests with JUnit, as the reader's build would, and records what each one found. The tests are not in the
 * walk themselves: -Dtest=OrderPublisherTest runs one alone.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
class TestingYourOwnKafkaCodeChapter {

    private static final String TESTS = "dev.hellokafka.tutorial.testing.";
    private static final List<String> HEADER = List.of("test class", "test", "result");

    private final Recorder recorder;

    TestingYourOwnKafkaCodeChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    /** What JUnit reported for each test of the classes, and for the classes it skipped whole. */
    private record Report(List<List<Object>> rows, List<String> skipped, List<String> failures) {}

    private static Report runTests(String... classNames) throws InterruptedException {
        List<List<Object>> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.add(reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures.add(test.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::toString).orElse("" + result.getStatus()));
                }
                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                    rows.add(List.of(
                            "`" + method.getJavaClass().getSimpleName() + "`",
                            "`" + method.getMethodName() + "`",
                            result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                                    ? "passed"
                                    : result.getStatus().toString().toLowerCase()));
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        // The test kit prints its format steps; the walk's console shows only the table.
        ThreadStreams.withoutOutput(() -> launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(Arrays.stream(classNames)
                                .map(name -> selectClass(TESTS + name))
                                .toList())
                        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                        .build(),
                listener));
        return new Report(rows, skipped, failures);
    }

    @Test
    @Order(1)
    @DisplayName("unit tests with MockProducer and MockConsumer pass without a broker, and miss what a broker checks")
    void unitTestsWithMocks() throws InterruptedException {
        Report report = runTests("OrderPublisherTest", "OrderTotalsTest");
        assertEquals(List.of(), report.failures(), "the unit tests pass");
        assertEquals(4, report.rows().size(), "four unit tests ran");
        recorder.table("unit", HEADER, report.rows());
    }

    @Test
    @Order(2)
    @DisplayName("an integration test on a broker in the test's JVM, started by a JUnit extension of one file")
    void anIntegrationTestOnABrokerInTheJvm() throws InterruptedException {
        Report report = runTests("OrdersOnABrokerTest");
        assertEquals(List.of(), report.failures(), "the integration tests pass");
        assertEquals(2, report.rows().size(), "both integration tests ran");
        recorder.table("in-jvm", HEADER, report.rows());
    }

    /** The image the container test names (its classes are the reader's: package-private, like theirs would be). */
    private static String containerTestImage() throws ReflectiveOperationException {
        java.lang.reflect.Field image =
                Class.forName(TESTS + "OrdersInAContainerTest").getDeclaredField("IMAGE");
        image.setAccessible(true);
        return (String) image.get(null);
    }

    @Test
    @Order(3)
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
        Report report = runTests("OrdersInAContainerTest");
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
