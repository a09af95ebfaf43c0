package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.ProgramProcess;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ProcessPayments;
import dev.hellokafka.programs.ReadTheLedger;
import dev.hellokafka.programs.SendPayments;
import dev.hellokafka.programs.WriteTheLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@OwnBroker // each test starts a broker of its own, to crash a consumer under it or to restart it
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing, so they run side by side
class NothingLostConsumerAndBrokerChapter {

    private static final Pattern PROCESSED = Pattern.compile("(?m)^processed offset (\\d+):");
    private static final Pattern COMMITTED = Pattern.compile("(?m)^committed: the group goes on from offset (\\d+)$");

    /**
     * The broker of the crash: a consumer group notices a member that died without a word once its session has
     * expired, 45 s by default. The reader waits that long; the chapter's own broker makes it 2 s (four of the
     * tutorial's half-second heartbeats), so that the walk does not.
     */
    private static final Map<String, String> SHORT_SESSIONS =
            Map.of("group.consumer.session.timeout.ms", "2000", "group.consumer.min.session.timeout.ms", "2000");

    private final Recorder recorder;

    NothingLostConsumerAndBrokerChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("a broker stopped and started again on the same data still has every record")
    void brokerRestart(@TempDir Path dataDir) throws Exception {
        String written;
        String read;
        // A broker of this test's own, because it is stopped and started, as a reader would do by hand.
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(0, dataDir);
        int port = first.port();
        String clusterId = first.clusterId();
        try {
            written = ProgramRun.run(WriteTheLedger.class, Broker.at(first.bootstrapServers()));
        } finally {
            first.close(); // what kafka-server-stop.sh, or Ctrl-C, does; the data directory stays
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(port, dataDir)) {
            assertEquals(clusterId, again.clusterId(), "the restarted broker is the same cluster");
            read = ProgramRun.run(ReadTheLedger.class, Broker.at(again.bootstrapServers()));
        }
        recorder.output("ledger-written", written);
        recorder.output("ledger-read", read);
        assertEquals(
                List.of(
                        "Reading ledger from its first offset to its end, offset 5.",
                        "offset 0: entry 1",
                        "offset 1: entry 2",
                        "offset 2: entry 3",
                        "offset 3: entry 4",
                        "offset 4: entry 5",
                        "5 entries read"),
                read.lines().toList(),
                "every record survived the restart, in order");
    }

    @Test
    @Order(2) // the longest test last: JUnit's thread runs a class's side-by-side tests last-first
    @DisplayName("a consumer killed before it commits is replaced, and what it processed since is processed again")
    void atLeastOnce() throws Exception {
        String crashed;
        String replaced;
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start(0, null, SHORT_SESSIONS, List.of())) {
            Broker ownBroker = Broker.at(own.bootstrapServers());
            ProgramRun.run(SendPayments.class, ownBroker); // payments at offsets 0 to 5

            // The reader starts the processor, and kills it (kill -9) in the middle of its second batch: after
            // one commit, once it has processed one more payment. A JVM of its own, so that it can be killed.
            try (ProgramProcess first = ProgramProcess.start(ProcessPayments.class, own.bootstrapServers())) {
                crashed = first.killWhenPrinted("processed offset 4:");
            }
            assertEquals(
                    List.of(0L, 1L, 2L, 3L, 4L),
                    offsets(PROCESSED, crashed),
                    "killed in its second batch, before it could commit it: " + crashed);
            ProgramRun replacement = ProgramRun.start(ProcessPayments.class, ownBroker);
            replacement.awaitPrinted("committed: the group goes on from offset 6");
            replaced = replacement.stop();
        }
        recorder.output("crashed", crashed);
        recorder.output("replacement", replaced);

        List<Long> first = offsets(PROCESSED, crashed);
        List<Long> second = offsets(PROCESSED, replaced);
        List<Long> committed = offsets(COMMITTED, crashed);
        assertEquals(List.of(4L), committed, "after committing its first batch only: " + crashed);
        assertEquals(List.of(4L, 5L), second, "the replacement went on from the committed offset");
        Set<Long> atLeastOnce = new TreeSet<>(first);
        atLeastOnce.addAll(second);
        Set<Long> twice = new TreeSet<>(first);
        twice.retainAll(second);
        assertEquals(LongStream.range(0, 6).boxed().toList(), List.copyOf(atLeastOnce), "no payment was skipped");
        assertEquals(Set.of(4L), twice, "those processed after the last commit were processed again");
        recorder.table(
                "duplicates",
                List.of("payments in the topic", "processed at least once", "processed twice"),
                List.of(List.of(6, atLeastOnce.size(), twice.size())));
    }

    private static List<Long> offsets(Pattern pattern, String printed) {
        Matcher m = pattern.matcher(printed);
        List<Long> offsets = new ArrayList<>();
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }
}
