package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CompareBatching;
import dev.hellokafka.programs.CompareCodecs;
import dev.hellokafka.programs.CompareMaxPollRecords;
import dev.hellokafka.programs.ReadTheFeed;
import dev.hellokafka.programs.ReadTheFeedPatiently;
import dev.hellokafka.programs.TrickleOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the producer's batching and compression settings change, and the consumer's fetch settings, shown with
 * the clients' own metrics. The numbers change from run to run; the page shows those that do as placeholders
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
        long requests = Long.parseLong(value(lines.get(4), "  produce requests:    "));
        double perRequest = Double.parseDouble(value(lines.get(5), "  orders per request:  "));
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

    @Test
    @Order(3)
    @DisplayName("fetching: a consumer that asks the broker to wait for more data makes far fewer requests")
    void fetching() throws Exception {
        long eager = readWhileTrickled(ReadTheFeed.class, "fetching", false);
        long patient = readWhileTrickled(ReadTheFeedPatiently.class, "fewer-fetches", true);
        assertTrue(
                patient * 10 < eager,
                "fetch.min.bytes cut the fetches to fewer than a tenth: " + patient + " vs " + eager);
    }

    /**
     * Starts the consumer, then the trickle of 200 orders beside it; once the consumer has read them, stops it as
     * Ctrl-C does and records what it printed. Returns the fetches it counted.
     */
    private long readWhileTrickled(Class<?> consumer, String output, boolean patient) throws Exception {
        ProgramRun reader = ProgramRun.start(consumer, broker); // terminal 2
        reader.awaitPrinted("Ctrl-C stops.");
        ProgramRun.run(TrickleOrders.class, broker); // terminal 3
        reader.awaitPrinted("200 orders read");
        String printed = reader.stop();

        List<String> lines = printed.lines().toList();
        assertEquals("  orders read:       200", lines.get(lines.size() - 3), printed);
        String fetchLine = lines.get(lines.size() - 2);
        String perFetchLine = lines.get(lines.size() - 1);
        long fetches = Long.parseLong(value(fetchLine, "  fetches:           "));
        double perFetch = Double.parseDouble(value(perFetchLine, "  orders per fetch:  "));
        if (patient) {
            assertTrue(perFetch > 5, "a patient consumer's fetches bring more than 5 orders each: " + printed);
        } else {
            assertTrue(perFetch <= 5, "an eager consumer fetches almost order by order: " + printed);
        }
        recorder.registerRunValue(fetchLine, "  fetches:           <n>");
        recorder.registerRunValue(perFetchLine, "  orders per fetch:  " + (patient ? "<more than 5>" : "<5 or fewer>"));
        recorder.output(output, printed);
        return fetches;
    }

    @Test
    @Order(4)
    @DisplayName("max.poll.records: how many records one poll hands over, not how many are fetched")
    void maxPollRecords() throws Exception {
        String printed = ProgramRun.run(CompareMaxPollRecords.class, broker); // after the 6,400 orders above

        Pattern line = Pattern.compile(
                "(?m)^  max.poll.records=(\\d+) +(\\d+) orders in (\\d+) polls, at most (\\d+) in one$");
        Matcher m = line.matcher(printed);
        List<Integer> bounds = new ArrayList<>();
        while (m.find()) {
            int max = Integer.parseInt(m.group(1));
            int polls = Integer.parseInt(m.group(3));
            bounds.add(max);
            assertEquals(2_000, Integer.parseInt(m.group(2)), printed);
            assertTrue(Integer.parseInt(m.group(4)) <= max, "no poll hands over more than " + max + ": " + printed);
            assertTrue(polls >= 2_000 / max, "so at least 2,000 / " + max + " polls: " + printed);
            recorder.registerRunValue(
                    m.group(),
                    m.group().replace(" in " + polls + " polls", " in <at least " + 2_000 / max + "> polls"));
        }
        assertEquals(List.of(500, 50), bounds, printed);
        recorder.output("max-poll-records", printed);
    }

    private static String value(String line, String label) {
        assertTrue(line.startsWith(label), "'" + line + "' starts with '" + label + "'");
        return line.substring(label.length());
    }
}
