package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CheckTheCluster;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.WriteTheJournal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@OwnBroker // no broker at all, then one of its own that it stops: nothing of the walk's broker
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class WhenThingsFailChapter {

    /** Far more than the half second each call is given: a bound on a hang, not a measurement. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private final Recorder recorder;

    WhenThingsFailChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("clients pointed at a broker that is not there fail within their timeouts")
    void noBroker() throws Exception {
        long start = System.nanoTime();
        String printed = ProgramRun.run(CheckTheCluster.class, Broker.at("localhost:1")); // no broker on port 1
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        recorder.output("no-broker", printed);

        List<String> lines = printed.lines().toList();
        assertEquals(
                List.of(
                        "producer send, max.block.ms=500:",
                        "consumer poll(500 ms):",
                        "consumer partitionsFor, default.api.timeout.ms=500:",
                        "admin listTopics, default.api.timeout.ms=500:"),
                lines.stream()
                        .filter(l -> !l.startsWith(" ") && l.endsWith(":"))
                        .toList(),
                printed);
        assertEquals(
                List.of("TimeoutException", "no exception, 0 records", "TimeoutException", "TimeoutException"),
                lines.stream()
                        .filter(l -> l.startsWith("  "))
                        .map(l -> l.strip().replaceFirst(":.*", ""))
                        .toList(),
                "poll returned nothing; every other call gave up with a TimeoutException: " + printed);
        assertTrue(took.compareTo(NO_HANG) < 0, "no call hung: the program took " + took);
    }

    @Test
    @Order(2)
    @DisplayName("a producer whose broker goes away reports every record that did not make it")
    void brokerGoesAway() throws Exception {
        String printed;
        // A broker of this test's own, because it is stopped halfway, as a reader would stop theirs by hand.
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            awaitProducerIds(Broker.at(own.bootstrapServers()));
            ProgramRun journal = ProgramRun.startWithInput(WriteTheJournal.class, Broker.at(own.bootstrapServers()));
            journal.awaitPrinted("Ctrl-D ends.");
            for (int i = 1; i <= 10; i++) {
                journal.type("entry " + i);
            }
            journal.awaitPrinted("entry 10 stored at offset 9");
            own.close(); // what kafka-server-stop.sh, or Ctrl-C, does
            for (int i = 11; i <= 13; i++) { // typed one by one: each waits for the outcome of the one before
                journal.type("entry " + i);
                journal.awaitPrinted("entry " + i + " NOT stored");
            }
            journal.endInput(); // Ctrl-D
            printed = journal.awaitEnd();
        }
        recorder.output("broker-goes-away", printed);

        assertTrue(
                printed.strip()
                        .endsWith("entries sent:     13\n"
                                + "stored:           10\n"
                                + "reported failed:  3 {TimeoutException=3}\n"
                                + "unaccounted for:  0"),
                "every entry accounted for: the ten sent while the broker ran stored, the three after it stopped"
                        + " reported failed, as timeouts: " + printed);
    }

    /**
     * Waits until the broker hands out producer ids. An idempotent producer's records wait for its id without a
     * time limit (delivery.timeout.ms counts only once it has one), and a broker that has just started asks the
     * controller for its first block of ids: on a busy machine the journal's first entries could wait for that
     * longer than this test waits for them.
     */
    private static void awaitProducerIds(Broker broker) throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("producer-ids-ready", 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(Fixtures.stringProducerProps(broker))) {
            producer.send(new ProducerRecord<>("producer-ids-ready", "ready")).get(60, TimeUnit.SECONDS);
        }
    }
}
