package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chapter's own application (dev.hellokafka.tutorial.testing) is tested with mocks here, and on a broker in
 * TestingAgainstARealBrokerChapter; this step runs those tests with JUnit, as the reader's build would, and records
 * what each one found. The tests are not in the walk themselves: -Dtest=OrderPublisherTest runs one alone.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
class TestingYourOwnKafkaCodeChapter {

    private final Recorder recorder;

    TestingYourOwnKafkaCodeChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("unit tests with MockProducer and MockConsumer pass without a broker, and miss what a broker checks")
    void unitTestsWithMocks() throws InterruptedException {
        Fixtures.TestsRun report = Fixtures.runTests("OrderPublisherTest", "OrderTotalsTest");
        assertEquals(List.of(), report.failures(), "the unit tests pass");
        assertEquals(4, report.rows().size(), "four unit tests ran");
        recorder.table("unit", Fixtures.TestsRun.HEADER, report.rows());
    }
}
