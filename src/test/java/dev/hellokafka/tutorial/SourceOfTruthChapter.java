package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.BuildStockView;
import dev.hellokafka.programs.RecordADelivery;
import dev.hellokafka.programs.RecordStockChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the tests go on with the history the chapter writes first
class SourceOfTruthChapter {

    private static final String TOPIC = "stock";

    /** How many records RecordStockChanges writes. */
    private static final int HISTORY = 6;

    /** A record BuildStockView applied: its offset. */
    private static final Pattern APPLIED = Pattern.compile("(?m)^offset (\\d+): ");

    /** The view BuildStockView printed last. */
    private static final Pattern VIEW = Pattern.compile("(?m)^The stock: \\{(.*)}$");

    private final Broker broker;
    private final Recorder recorder;

    /** The offset of the history's first record. */
    private long historyStart;

    /** The view built from the history, as the first test found it. */
    private Map<String, String> viewOfTheHistory;

    SourceOfTruthChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    void writeTheHistory() throws Exception {
        String printed = ProgramRun.run(RecordStockChanges.class, broker);
        recorder.output("history", printed);
        historyStart = applied(printed).get(0);
        assertEquals(
                List.of(
                        historyStart,
                        historyStart + 1,
                        historyStart + 2,
                        historyStart + 3,
                        historyStart + 4,
                        historyStart + 5),
                applied(printed),
                "the six changes are written one after the other: " + printed);
        if (broker.isNewForThisRun()) {
            assertEquals(0, historyStart, "on a new broker, the history starts the topic");
        }
    }

    @Test
    @Order(1)
    @DisplayName("a view thrown away and rebuilt from the topic is identical")
    void rebuildTheView() throws Exception {
        String built = ProgramRun.run(BuildStockView.class, broker);
        // The view is lost (a crash, a bug fix, a new version of the service): build it again from the topic.
        String rebuilt = ProgramRun.run(BuildStockView.class, broker);
        recorder.output("view", built);
        recorder.output("rebuilt", rebuilt);

        viewOfTheHistory = view(built);
        assertEquals("2", viewOfTheHistory.get("apple"), "the latest value per key: " + built);
        assertEquals("7", viewOfTheHistory.get("plum"), built);
        assertTrue(!viewOfTheHistory.containsKey("pear"), "the tombstone deleted pear: " + built);
        if (broker.isNewForThisRun()) {
            assertEquals(Map.of("apple", "2", "plum", "7"), viewOfTheHistory, built);
        }
        assertEquals(built, rebuilt, "replaying the same log gives the same view");
    }

    @Test
    @Order(2)
    @DisplayName("compaction keeps the latest record per key, and the view built from it is the same")
    void compaction() throws Exception {
        String delivered = ProgramRun.run(RecordADelivery.class, broker);
        recorder.output("delivery", delivered);
        long history = historyStart;
        Poll.until("the log cleaner to compact the history", Duration.ofSeconds(60), () -> {
            List<ConsumerRecord<String, String>> log = Fixtures.readAll(Fixtures.stringConsumerProps(broker), TOPIC);
            return log.stream().noneMatch(r -> r.offset() >= history && r.offset() < history + 3);
        });
        String after = ProgramRun.run(BuildStockView.class, broker);
        recorder.output("after", after);

        assertEquals(
                List.of(history + 3, history + 4, history + 5),
                applied(after).stream()
                        .filter(offset -> offset >= history && offset < history + HISTORY)
                        .toList(),
                "of the history, compaction keeps the last record of each key: plum, apple, and pear's tombstone");
        Map<String, String> expected = new TreeMap<>(viewOfTheHistory);
        expected.put("kiwi", "9");
        assertEquals(
                expected,
                view(after),
                "the view built from the compacted log is the view built from the whole history, and the delivery");
    }

    /** The offsets of the records the text names, in order. */
    private static List<Long> applied(String printed) {
        List<Long> offsets = new ArrayList<>();
        Matcher m = APPLIED.matcher(printed);
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }

    /** The view BuildStockView printed. */
    private static Map<String, String> view(String printed) {
        Matcher m = VIEW.matcher(printed);
        assertTrue(m.find(), "BuildStockView printed its view: " + printed);
        Map<String, String> view = new TreeMap<>();
        if (!m.group(1).isEmpty()) {
            for (String entry : m.group(1).split(", ")) {
                String[] keyAndValue = entry.split("=", 2);
                view.put(keyAndValue[0], keyAndValue[1]);
            }
        }
        return view;
    }
}
