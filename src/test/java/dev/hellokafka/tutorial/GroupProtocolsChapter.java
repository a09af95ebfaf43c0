package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.DescribeTheGroups;
import dev.hellokafka.programs.ReadEventsInAClassicGroup;
import dev.hellokafka.programs.ReadEventsInAConsumerGroup;
import dev.hellokafka.programs.SendDeviceEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class GroupProtocolsChapter {

    /** A line a member prints when the group gives it partitions or takes some away. */
    private static final Pattern MOVED =
            Pattern.compile("(?m)^(got|gave up) (\\d+) partitions, holds (\\d+); (\\d+) events read$");

    private static final Pattern STOPPED = Pattern.compile("(?m)^Stopped: (\\d+) events read\\.$");

    private final Broker broker;
    private final Recorder recorder;

    GroupProtocolsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("the same code joins a classic group or a consumer group; a second member moves all or only some")
    void twoProtocols() throws Exception {
        String sent = ProgramRun.run(SendDeviceEvents.class, broker);
        assertEquals("4000 events sent to events, from 40 devices.", sent.strip());
        forgetTheGroups(); // on a cluster an earlier run used, each group starts with one member, as on a new one

        ProgramRun classic = ProgramRun.start(ReadEventsInAClassicGroup.class, broker); // terminal 2
        ProgramRun consumer = ProgramRun.start(ReadEventsInAConsumerGroup.class, broker); // terminal 3
        classic.awaitPrinted("got 4 partitions");
        consumer.awaitPrinted("got 4 partitions");
        String described = ProgramRun.run(DescribeTheGroups.class, broker);
        recorder.output("described", described);
        assertEquals(
                List.of(
                        "events-classic   Classic   Stable  [4]                    range",
                        "events-consumer  Consumer  Stable  [4]                    uniform"),
                described.lines().skip(1).toList(),
                "Admin reports each group's protocol; one member holds all 4 partitions");

        ProgramRun secondClassic = ProgramRun.start(ReadEventsInAClassicGroup.class, broker); // terminal 4
        ProgramRun secondConsumer = ProgramRun.start(ReadEventsInAConsumerGroup.class, broker); // terminal 5
        secondClassic.awaitPrinted("got 2 partitions");
        secondConsumer.awaitPrinted("got 2 partitions");
        classic.awaitPrinted("got 2 partitions");
        consumer.awaitPrinted("gave up 2 partitions");
        String describedAgain = ProgramRun.run(DescribeTheGroups.class, broker);
        recorder.output("described-again", describedAgain);
        assertEquals(
                List.of(
                        "events-classic   Classic   Stable  [2, 2]                 range",
                        "events-consumer  Consumer  Stable  [2, 2]                 uniform"),
                describedAgain.lines().skip(1).toList(),
                "two members, two partitions each");

        // What each member printed up to here: when one of them stops, the group moves partitions again.
        String first = classic.printed();
        String firstConsumer = consumer.printed();
        String second = secondClassic.printed();
        String secondOfConsumers = secondConsumer.printed();
        // The first member of the consumer group stops before its newcomer, so that it ends holding two.
        String firstConsumerToTheEnd = consumer.stop();
        secondConsumer.stop();
        secondClassic.stop();
        classic.stop();

        List<Moved> classicMoves = moves(first);
        assertEquals(
                List.of("got 4, holds 4", "gave up 4, holds 0", "got 2, holds 2"),
                classicMoves.stream().map(Moved::toString).toList(),
                "the classic protocol (range assignor) takes every partition back: " + first);
        assertEquals(
                classicMoves.get(1).read(),
                classicMoves.get(2).read(),
                "so the first member reads nothing while the group rebalances: " + first);
        List<Moved> consumerMoves = moves(firstConsumer);
        assertEquals(
                List.of("got 4, holds 4", "gave up 2, holds 2"),
                consumerMoves.stream().map(Moved::toString).toList(),
                "the consumer protocol moves only the partitions the newcomer gets: " + firstConsumer);
        assertTrue(
                stopped(firstConsumerToTheEnd) > consumerMoves.get(1).read(),
                "and the first member keeps reading the others: " + firstConsumerToTheEnd);
        for (String newcomer : List.of(second, secondOfConsumers)) {
            assertEquals(
                    List.of("got 2, holds 2"),
                    moves(newcomer).stream().map(Moved::toString).toList(),
                    "the newcomer got two partitions: " + newcomer);
        }

        // How many events a member had read when its partitions moved depends on the machine: a placeholder.
        placeholder(first, classicMoves.get(1).read());
        placeholder(firstConsumer, consumerMoves.get(1).read());
        recorder.output("classic-first", first);
        recorder.output("classic-second", second);
        int stoppedAt = stopped(firstConsumerToTheEnd); // more than n: checked above
        recorder.registerRunValue("Stopped: " + stoppedAt + " events read.", "Stopped: <more than n> events read.");
        recorder.registerRunValue( // close() gives its last two partitions up
                "gave up 2 partitions, holds 0; " + stoppedAt + " events read",
                "gave up 2 partitions, holds 0; <more than n> events read");
        recorder.output("consumer-first", firstConsumerToTheEnd);
        recorder.output("consumer-second", secondOfConsumers);
    }

    /** What a member printed when its partitions changed. */
    private record Moved(String what, int count, int holds, int read) {
        @Override
        public String toString() {
            return what + " " + count + ", holds " + holds;
        }
    }

    private static List<Moved> moves(String printed) {
        Matcher m = MOVED.matcher(printed);
        List<Moved> moves = new ArrayList<>();
        while (m.find()) {
            moves.add(new Moved(
                    m.group(1),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4))));
        }
        return moves;
    }

    private static int stopped(String printed) {
        Matcher m = STOPPED.matcher(printed);
        assertTrue(m.find(), "it stopped cleanly on Ctrl-C: " + printed);
        return Integer.parseInt(m.group(1));
    }

    /** The count of events read that a member printed when its partitions moved, as {@code <n>}. */
    private void placeholder(String printed, int read) {
        for (Moved moved : moves(printed)) {
            if (moved.read() == read) {
                String line = moved.what() + " " + moved.count() + " partitions, holds " + moved.holds() + "; ";
                recorder.registerRunValue(line + read + " events read", line + "<n> events read");
            }
        }
    }

    /** Deletes the page's groups, so that each starts empty; there are none on a new broker. */
    private void forgetTheGroups() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            for (String group : List.of("events-classic", "events-consumer")) {
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
