package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    @Test
    void replacesWhatTheRunRegistered() {
        Normalizer normalizer =
                new Normalizer(Map.of("7cgftMYwQIOMjC2xBL3DsQ", "<cluster-id>", "127.0.0.1:39717", "localhost:<port>"));
        normalizer.register("i1pxH67hQmaLEDFFD8bLNQ", "<topic-id>");
        normalizer.register("1795516323506", "<timestamp>");

        assertEquals(
                "cluster <cluster-id> at localhost:<port>, topic id <topic-id>, CreateTime = <timestamp>",
                normalizer.normalize("cluster 7cgftMYwQIOMjC2xBL3DsQ at 127.0.0.1:39717, topic id"
                        + " i1pxH67hQmaLEDFFD8bLNQ, CreateTime = 1795516323506"));
    }

    @Test
    void aLongerValueWinsOverAShorterOneInsideIt() {
        Normalizer normalizer = new Normalizer(Map.of("39717", "<port>", "127.0.0.1:39717", "localhost:<port>"));

        assertEquals("localhost:<port>", normalizer.normalize("127.0.0.1:39717"));
    }

    @Test
    void leavesEverythingElseAloneWhateverItsShape() {
        Normalizer normalizer = new Normalizer(Map.of());
        String stable = "Topic: sample\tPartition: 0\toffset 1 retention.ms 604800000 __consumer_offsets"
                + " localhost:9092 1577836800000 kafka-streams-counting vswJdPddTNqJwAA_ri_kkA";

        assertEquals(stable, normalizer.normalize(stable), "nothing is replaced for its shape alone");
    }

    @Test
    void dropsSpacesAtTheEndOfLines() {
        assertEquals(
                "Sub-topology: 0\n\n  Sub-topology: 1",
                new Normalizer(Map.of()).normalize("Sub-topology: 0  \n   \n  Sub-topology: 1\t\n"));
    }

    /** Ten thousand random ids: every shape an id takes (a leading - or _, each last letter) comes up hundreds of times. */
    private static final int IDS = 10_000;

    @Test
    void everyRegisteredKafkaIdIsReplaced() {
        Normalizer normalizer = new Normalizer(Map.of());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IDS; i++) {
            String id = Uuid.randomUuid().toString();
            normalizer.register(id, "<topic-id>");
            text.append("TopicId: ").append(id).append('\n');
        }

        String normalized = normalizer.normalize(text.toString());

        assertEquals("TopicId: <topic-id>\n".repeat(IDS).stripTrailing(), normalized);
        assertEquals(List.of(), normalizer.suspects(normalized));
    }

    @Test
    void theSafetyNetNamesKafkaIdsNobodyRegistered() {
        Normalizer normalizer = new Normalizer(Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            ids.add(Uuid.randomUuid().toString());
        }
        // The net asks for a digit or a capital letter, which one id in tens of millions lacks.
        List<String> withoutDigitOrCapital =
                ids.stream().filter(id -> !id.matches(".*[0-9A-Z].*")).toList();

        List<String> suspects = normalizer.suspects(String.join(" ", ids));

        List<String> expected = new ArrayList<>(ids);
        expected.removeAll(withoutDigitOrCapital);
        assertEquals(expected, suspects);
    }

    @Test
    void theSafetyNetNamesOtherValuesOfTheRunButNotStableOnes() {
        Normalizer normalizer = new Normalizer(Map.of());
        String now = String.valueOf(System.currentTimeMillis());

        assertEquals(
                List.of(
                        "3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                        "127.0.0.1:39717",
                        "/tmp/hello-kafka-15797498055164165246/sample-0",
                        now),
                normalizer.suspects("group hello-3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b at 127.0.0.1:39717 in"
                        + " /tmp/hello-kafka-15797498055164165246/sample-0 at " + now
                        + "; stable: localhost:9092, localhost:8083, 1577836800000, <cluster-id>, localhost:<port>"));
    }
}
