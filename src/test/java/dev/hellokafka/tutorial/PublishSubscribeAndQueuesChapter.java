package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.BillPurchases;
import dev.hellokafka.programs.SendPurchases;
import dev.hellokafka.programs.ShipPurchases;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class PublishSubscribeAndQueuesChapter {

    /** Where SendPurchases says a purchase landed, or where a consumer says it read one: partition and offset. */
    private static final Pattern PLACE = Pattern.compile("(?m)^(?:purchase-\\d+: .* -> partition (\\d+), offset (\\d+)"
            + "|(?:billed|shipped) purchase-\\d+ \\(partition (\\d+), offset (\\d+)\\): .*)$");

    /** A change of the partitions a member of the warehouse group reads. */
    private static final Pattern CHANGE = Pattern.compile("(?m)^partitions (assigned|revoked): \\[([\\d, ]*)]$");

    private final Broker broker;
    private final Recorder recorder;

    PublishSubscribeAndQueuesChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("two groups each receive every record")
    void everyGroupGetsEverything() throws Exception {
        String sent = ProgramRun.run(SendPurchases.class, broker);
        Set<String> purchases = places(sent);
        ProgramRun billing = ProgramRun.start(BillPurchases.class, broker);
        ProgramRun warehouse = ProgramRun.start(ShipPurchases.class, broker);
        Poll.until(
                "both groups to read the six purchases",
                () -> places(billing.printed()).containsAll(purchases)
                        && places(warehouse.printed()).containsAll(purchases));
        String billed = billing.stop();
        String shipped = warehouse.stop();
        recorder.output("sent", sent);
        recorder.output("billed", billed);
        recorder.output("shipped", shipped);

        assertEquals(6, purchases.size(), sent);
        assertTrue(places(billed).containsAll(purchases), "the billing group read every purchase: " + billed);
        assertTrue(places(shipped).containsAll(purchases), "and so did the warehouse group: " + shipped);
    }

    @Test
    @Order(2)
    @DisplayName("two consumers of one group share the partitions, and one takes over when the other leaves")
    void oneGroupSharesTheWork() throws Exception {
        ProgramRun first = ProgramRun.start(ShipPurchases.class, broker);
        Poll.until(
                "the first member to be given both partitions",
                () -> held(first.printed()).size() == 2);
        ProgramRun second = ProgramRun.start(ShipPurchases.class, broker);
        Poll.until(
                "the group to give each member one partition",
                () -> held(first.printed()).size() == 1
                        && held(second.printed()).size() == 1);
        Set<Integer> firstHeld = held(first.printed());
        Set<Integer> secondHeld = held(second.printed());

        Set<String> purchases = places(ProgramRun.run(SendPurchases.class, broker));
        Poll.until("the two members to ship the six purchases", () -> {
            Set<String> shipped = places(first.printed());
            shipped.addAll(places(second.printed()));
            return shipped.containsAll(purchases);
        });
        String shippedByFirst = first.stop(); // Ctrl-C: the first member leaves the group
        Poll.until(
                "the second member to be given both partitions",
                () -> held(second.printed()).size() == 2);
        // What it printed until now is the same on every run; the purchases sent next reach it from both
        // partitions at once, and the order of the two partitions' lines varies from run to run.
        String secondBeforeTheSend = second.printed();
        Set<String> sentLater = places(ProgramRun.run(SendPurchases.class, broker));
        purchases.addAll(sentLater);
        Poll.until(
                "the second member to ship the purchases sent after the first left",
                () -> places(second.printed()).containsAll(sentLater));
        Set<Integer> secondHeldAlone = held(second.printed());
        String shippedBySecond = second.stop();
        Set<String> shippedAfterTheFirstLeft = places(shippedBySecond);
        shippedAfterTheFirstLeft.removeAll(places(secondBeforeTheSend));
        recorder.output("first-member", shippedByFirst);
        recorder.output("second-member", secondBeforeTheSend);
        recorder.table(
                "who-shipped",
                List.of("shipped by", "partition", "offsets"),
                List.of(
                        shippedRow("the first member, while both ran", places(shippedByFirst), 0),
                        shippedRow("the second member, while both ran", places(secondBeforeTheSend), 1),
                        shippedRow("the second member, after the first left", shippedAfterTheFirstLeft, 0),
                        shippedRow("the second member, after the first left", shippedAfterTheFirstLeft, 1)));

        Set<Integer> common = new HashSet<>(firstHeld);
        common.retainAll(secondHeld);
        assertEquals(Set.of(), common, "while both ran, they read different partitions");
        assertEquals(Set.of(0, 1), secondHeldAlone, "once the first left, the second read both partitions");
        Set<String> twice = places(shippedByFirst);
        twice.retainAll(places(shippedBySecond));
        assertEquals(Set.of(), twice, "the second member carried on from the offsets the first committed");
        assertTrue(
                inOffsetOrder(shippedBySecond), "each partition's purchases came in offset order: " + shippedBySecond);
        Set<String> shipped = places(shippedByFirst);
        shipped.addAll(places(shippedBySecond));
        assertTrue(
                shipped.containsAll(purchases),
                "the group shipped every purchase, those sent before the first member left and those after");
    }

    /** A row of the table of who shipped what: the offsets of one partition among these places, as a range. */
    private static List<Object> shippedRow(String who, Set<String> places, int partition) {
        List<Long> offsets = places.stream()
                .filter(place -> place.startsWith(partition + "@"))
                .map(place -> Long.valueOf(place.substring(place.indexOf('@') + 1)))
                .sorted()
                .toList();
        assertFalse(offsets.isEmpty(), who + " shipped purchases of partition " + partition + ": " + places);
        long first = offsets.get(0);
        long last = offsets.get(offsets.size() - 1);
        assertEquals(last - first + 1, offsets.size(), who + " shipped partition " + partition + " without a gap");
        return List.of(who, partition, first == last ? first + "" : first + "–" + last);
    }

    /** Whether the records of each partition were printed in the order of their offsets. */
    private static boolean inOffsetOrder(String printed) {
        Map<String, Long> lastOffset = new HashMap<>();
        for (Place place : placesInOrder(printed)) {
            if (lastOffset.getOrDefault(place.partition(), -1L) >= place.offset()) {
                return false;
            }
            lastOffset.put(place.partition(), place.offset());
        }
        return true;
    }

    /** The partitions and offsets the text names, as "partition@offset". */
    private static Set<String> places(String printed) {
        Set<String> places = new TreeSet<>();
        placesInOrder(printed).forEach(place -> places.add(place.partition() + "@" + place.offset()));
        return places;
    }

    /** A partition and an offset, where SendPurchases says a purchase landed or a consumer says it read one. */
    private record Place(String partition, long offset) {}

    /** The places the text names, in the order it names them. */
    private static List<Place> placesInOrder(String printed) {
        List<Place> places = new ArrayList<>();
        Matcher m = PLACE.matcher(printed);
        while (m.find()) {
            boolean sent = m.group(1) != null;
            places.add(new Place(sent ? m.group(1) : m.group(3), Long.parseLong(sent ? m.group(2) : m.group(4))));
        }
        return places;
    }

    /** The partitions a member of the warehouse group reads, after the changes it printed. */
    private static Set<Integer> held(String printed) {
        Set<Integer> held = new TreeSet<>();
        Matcher m = CHANGE.matcher(printed);
        while (m.find()) {
            List<Integer> partitions = m.group(2).isBlank()
                    ? List.of()
                    : List.of(m.group(2).split(", ")).stream()
                            .map(Integer::valueOf)
                            .toList();
            if (m.group(1).equals("assigned")) {
                held.addAll(partitions);
            } else {
                held.removeAll(partitions);
            }
        }
        return held;
    }
}
