package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.SendGreetingsByKey;
import dev.hellokafka.programs.SendWithoutKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class KeysAndPartitionsChapter {

    private static final String TOPIC = "greetings-by-key";
    private static final int PARTITIONS = 3;
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave");

    /** A greeting where SendGreetingsByKey says it landed. */
    private static final Pattern LANDED =
            Pattern.compile("(?m)^(\\w+) +(hello #\\d) -> partition (\\d+), offset (\\d+)$");

    /** A partition's count, as SendWithoutKeys prints it. */
    private static final Pattern COUNT = Pattern.compile("(?m)^partition (\\d+): (\\d+) records$");

    private final Broker broker;
    private final Recorder recorder;

    KeysAndPartitionsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    /** A greeting: its key and value, and where it is stored. */
    record Greeting(String key, String value, int partition, long offset) {}

    @Test
    @Order(1)
    @DisplayName("records with the same key land in the same partition, in the order they were sent")
    void sameKeySamePartition() throws Exception {
        Map<Integer, Long> before = endOffsets();
        String printed = ProgramRun.run(SendGreetingsByKey.class, broker);
        recorder.output("keyed", printed);

        List<Greeting> said = new ArrayList<>();
        Matcher m = LANDED.matcher(printed);
        while (m.find()) {
            said.add(new Greeting(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Long.parseLong(m.group(4))));
        }
        List<Greeting> stored = readFrom(before, 12); // in offset order within each partition
        // The program sent round after round, each to the users in turn: that is the order it printed.
        List<Greeting> inSendingOrder = stored.stream()
                .sorted(Comparator.comparing(Greeting::value).thenComparing(g -> USERS.indexOf(g.key())))
                .toList();
        assertEquals(inSendingOrder, said, "the program printed where each greeting is stored");

        Map<String, List<String>> expected = new TreeMap<>();
        Map<String, List<String>> found = new TreeMap<>();
        for (String user : USERS) {
            int byHash = Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            expected.put(user, List.of(byHash + ": hello #1", byHash + ": hello #2", byHash + ": hello #3"));
        }
        for (Greeting greeting : stored) {
            found.computeIfAbsent(greeting.key(), k -> new ArrayList<>())
                    .add(greeting.partition() + ": " + greeting.value());
        }
        assertEquals(
                expected,
                found,
                "each key's greetings are in one partition, murmur2(key) modulo 3, in the order they were sent");
    }

    @Test
    @Order(2)
    @DisplayName("records without a key are spread over the partitions, one batch at a time")
    void noKeyIsSpread() throws Exception {
        Map<Integer, Long> before = endOffsets();
        String printed = ProgramRun.run(SendWithoutKeys.class, broker);
        Map<Integer, Long> after = endOffsets();

        Map<Integer, Long> said = new TreeMap<>();
        Matcher m = COUNT.matcher(printed);
        while (m.find()) {
            said.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
            // How many records each partition gets changes from run to run.
            recorder.registerRunValue(m.group(), "partition " + m.group(1) + ": <count> records");
        }
        recorder.output("unkeyed", printed);

        Map<Integer, Long> grown = new TreeMap<>();
        after.forEach((p, end) -> {
            if (end > before.get(p)) {
                grown.put(p, end - before.get(p));
            }
        });
        assertEquals(grown, said, "the program printed what each partition got");
        assertEquals(1_000L, said.values().stream().mapToLong(Long::longValue).sum(), printed);
        assertTrue(said.size() > 1, "records without a key are spread over the partitions: " + printed);
    }

    /** The end offset of each partition of the topic; 0 for each when the topic is not there yet. */
    private Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, PARTITIONS).forEach(p -> latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest()));
        Map<Integer, Long> ends = new TreeMap<>();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                IntStream.range(0, PARTITIONS).forEach(p -> ends.put(p, 0L));
                return ends;
            }
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        }
        return ends;
    }

    /** The records of every partition from these offsets on, as many as asked for. */
    private List<Greeting> readFrom(Map<Integer, Long> offsets, int count) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(Fixtures.stringConsumerProps(broker))) {
            List<TopicPartition> partitions = offsets.keySet().stream()
                    .map(p -> new TopicPartition(TOPIC, p))
                    .toList();
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, offsets.get(p.partition())));
            Poll.until("the " + count + " greetings", () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= count;
            });
        }
        return read.stream()
                .map(r -> new Greeting(r.key(), r.value(), r.partition(), r.offset()))
                .toList();
    }
}
