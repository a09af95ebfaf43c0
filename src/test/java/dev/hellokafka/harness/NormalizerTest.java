package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    private final Normalizer normalizer = new Normalizer(Map.of("7cgftMYwQIOMjC2xBL3DsQ", "<cluster-id>"));

    @Test
    void replacesWhatChangesFromRunToRun() {
        String run = "cluster 7cgftMYwQIOMjC2xBL3DsQ at 127.0.0.1:39717, topic id i1pxH67hQmaLEDFFD8bLNQ,"
                + " group hello-3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b, CreateTime = 1795516323506,"
                + " at 2026-11-24T10:32:07.123Z in /tmp/hello-kafka-15797498055164165246/sample-0";
        assertEquals(
                "cluster <cluster-id> at localhost:<port>, topic id <id>, group hello-<uuid>,"
                        + " CreateTime = <timestamp>, at <time> in <data-dir>",
                normalizer.normalize(run));
    }

    @Test
    void leavesStableTextAlone() {
        String stable = "Topic: sample\tPartition: 0\toffset 1 retention.ms 604800000 __consumer_offsets"
                + " transaction-state-log- key=message-two";
        assertEquals(stable, normalizer.normalize(stable));
    }

    @Test
    void givesTheSameTextForTwoRuns() {
        assertEquals(
                normalizer.normalize("localhost:40123 offset 0 timestamp 1795516323506"),
                normalizer.normalize("127.0.0.1:38289 offset 0 timestamp 1795516999999"));
    }

    @Test
    void dropsSpacesAtTheEndOfLines() {
        assertEquals(
                "Sub-topology: 0\n\n  Sub-topology: 1",
                normalizer.normalize("Sub-topology: 0  \n   \n  Sub-topology: 1\t\n"));
    }
}
