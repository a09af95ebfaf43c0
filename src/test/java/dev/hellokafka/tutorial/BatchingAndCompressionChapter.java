package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CompareBatching;
import dev.hellokafka.programs.CompareCodecs;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the producer's batching and compression settings change, shown with the producer's own metrics
 * ({@link FetchingAndPollingChapter} does the same for the consumer's settings). The numbers change from run to run; the page shows those that do as placeholders
 * that say what every run checks (fewer than 20 requests, less than half the size), and the numbers themselves
 * are the benchmark's business ({@code ./mvnw -Pbench verify}).
 */
@ExtendWith(TutorialExtension.class)
class BatchingAndCompressionChapter {

    private final Broker broker;
    private final Recorder recorder;

    BatchingAndCompressionChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("batching: the same records in far fewer requests")
    void batching() throws Exception {
        String printed = ProgramRun.run(CompareBatching.class, broker);

        List<String> lines = printed.lines().toList();
        assertEquals(6, lines.size(), printed);
        assertEquals(
                List.of(
                        "200 orders, each sent once the one before was stored:",
                        "  produce requests:    200",
                        "  orders per request:  1.0"),
                lines.subList(0, 3),
                "waiting for each send: one request per record");
        assertEquals("200 orders, all sent at once, then flush():", lines.get(3));
        long requests = Long.parseLong(Fixtures.valueAfter(lines.get(4), "  produce requests:    "));
        double perRequest = Double.parseDouble(Fixtures.valueAfter(lines.get(5), "  orders per request:  "));
        assertTrue(requests * 10 < 200, "batching cut the requests to fewer than a tenth: " + printed);
        assertTrue(perRequest > 10, "more than 10 records per request: " + printed);
        recorder.registerRunValue(lines.get(4), "  produce requests:    <fewer than 20>");
        recorder.registerRunValue(lines.get(5), "  orders per request:  <more than 10>");
        recorder.output("batching", printed);
    }

    @Test
    @Order(2)
    @DisplayName("compression: the same batches, smaller")
    void compression() throws Exception {
        String printed = ProgramRun.run(CompareCodecs.class, broker);

        List<String> lines = printed.lines().toList();
        assertEquals(4, lines.size(), printed);
        assertEquals("  none  compression-rate-avg 1.00", lines.get(1), "without compression, as large as its records");
        for (String line : lines.subList(2, 4)) {
            double rate = Double.parseDouble(line.replaceFirst(".*compression-rate-avg ", ""));
            assertTrue(rate < 0.5, "compressed to less than half: " + line);
            recorder.registerRunValue(line, line.replaceFirst("\\S+$", "<less than 0.5>"));
        }
        recorder.output("compression", printed);
    }
}
