package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CompareCodecs;
import dev.hellokafka.programs.CompareMaxPollRecords;
import dev.hellokafka.programs.ReadTheFeed;
import dev.hellokafka.programs.ReadTheFeedPatiently;
import dev.hellokafka.programs.TrickleOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the consumer's fetch settings and {@code max.poll.records} change, shown with the consumer's own metrics. As
 * in {@link BatchingAndCompressionChapter}, the numbers that change from run to run show as placeholders that say
 * what every run checks.
 */
@ExtendWith(TutorialExtension.class)
class FetchingAndPollingChapter {

    /** The backlog CompareMaxPollRecords reads: the first orders the previous chapter's programs wrote. */
    private static final String BACKLOG = "order-batches";

    private final Broker broker;
    private final Recorder recorder;

    FetchingAndPollingChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
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
        long fetches = Long.parseLong(Fixtures.valueAfter(fetchLine, "  fetches:           "));
        double perFetch = Double.parseDouble(Fixtures.valueAfter(perFetchLine, "  orders per fetch:  "));
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
    @Order(2)
    @DisplayName("max.poll.records: how many records one poll hands over, not how many are fetched")
    void maxPollRecords() throws Exception {
        ensureTheBacklog();
        String printed = ProgramRun.run(CompareMaxPollRecords.class, broker);

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

    /**
     * The 2,000 orders the previous chapter's programs left in order-batches, for a run in which that chapter has
     * not written them yet (it runs beside this one, or not at all): its CompareCodecs writes 6,000.
     */
    private void ensureTheBacklog() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            if (admin.listTopics().names().get().contains(BACKLOG) && Fixtures.endOffset(broker, BACKLOG) >= 2_000) {
                return;
            }
        }
        ProgramRun.run(CompareCodecs.class, broker);
    }
}
