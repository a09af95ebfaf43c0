package dev.hellokafka.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.broker.EmbeddedKafkaCluster;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.programs.Cluster;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * {@code ./mvnw -Pbench verify}: measures the broker, the walk and the clients on this machine and writes
 * {@code target/bench/results.json} and {@code target/bench/results.md}. The producer and consumer figures are
 * measured side by side with Apache Kafka's own perf tools (kafka-producer-perf-test, kafka-consumer-perf-test)
 * at the same settings, on the same broker, in the same run. Sizes: {@code -Dbench.records} (1,000,000),
 * {@code -Dbench.repeats} (3).
 */
public final class Benchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    /** Two runs more for the producers, whose runs vary most (of one setting's three, the slowest took up to 2x). */
    private static final int PRODUCER_REPEATS = REPEATS + 2;
    /** The flags surefire starts the walk's JVM with (walk.jvm.flags in pom.xml), for the fresh JVMs. */
    private static final String WALK_JVM_FLAGS = System.getProperty("bench.walkJvmFlags", "");

    private static final int RECORD_SIZE = 100;
    private static final int ROUND_TRIPS = 1_000;

    /** Producer settings compared: the client defaults, then batching, compression and acks. */
    private static final Map<String, Map<String, String>> SETTINGS = producerSettings();

    private static Map<String, Map<String, String>> producerSettings() {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("defaults", Map.of());
        settings.put("linger.ms=10, batch.size=256KiB", Map.of("linger.ms", "10", "batch.size", "262144"));
        settings.put("batched + lz4", Map.of("linger.ms", "10", "batch.size", "262144", "compression.type", "lz4"));
        settings.put("batched + zstd", Map.of("linger.ms", "10", "batch.size", "262144", "compression.type", "zstd"));
        settings.put(
                "batched + lz4, acks=1",
                Map.of("linger.ms", "10", "batch.size", "262144", "compression.type", "lz4", "acks", "1"));
        return Collections.unmodifiableMap(settings);
    }

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        if (WALK_JVM_FLAGS.isBlank()) {
            throw new IllegalStateException("-Dbench.walkJvmFlags is not set: run the benchmark with"
                    + " ./mvnw -Pbench verify, which passes the walk's JVM flags from pom.xml");
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put(
                "environment",
                Map.of(
                        "java",
                        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                        "cores",
                        Runtime.getRuntime().availableProcessors(),
                        "kafka",
                        AppInfoParser.getVersion(),
                        "os",
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        "records",
                        RECORDS,
                        "record_size_bytes",
                        RECORD_SIZE,
                        "repeats",
                        REPEATS,
                        "when",
                        Instant.now().toString()));
        results.put("jvm_start_ms", freshJvmWall("nothing"));
        results.put("broker_ready_ms", brokerReady());
        results.put("walk", walk());
        results.put("core_steps", coreSteps());
        results.put("cluster", cluster());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            results.put("round_trip_ms", roundTrip(broker.bootstrapServers()));
            // One unmeasured round of each, so that the first measured run does not pay for class loading and JIT.
            String warmUp = newTopic(broker.bootstrapServers());
            produce(broker.bootstrapServers(), warmUp, Map.of());
            producerPerfTest(broker.bootstrapServers(), warmUp, Map.of());
            deleteTopic(broker.bootstrapServers(), warmUp);
            String filled = null;
            Map<String, Object> producers = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> setting : SETTINGS.entrySet()) {
                List<Double> ours = new ArrayList<>();
                List<Double> tool = new ArrayList<>();
                // Who goes first alternates from run to run: the JVM (C2, a broker in it) is still warming up over
                // the first runs, and whichever side always went second met it warmer.
                for (int i = 0; i < PRODUCER_REPEATS; i++) {
                    if (i % 2 == 1) {
                        tool.add(producerPerfTestOnANewTopic(broker.bootstrapServers(), setting.getValue()));
                    }
                    String topic = newTopic(broker.bootstrapServers());
                    ours.add(produce(broker.bootstrapServers(), topic, setting.getValue()));
                    if (filled == null && setting.getKey().equals("defaults")) {
                        filled = topic; // kept: the consumers read it back
                    } else {
                        deleteTopic(broker.bootstrapServers(), topic);
                    }
                    if (i % 2 == 0) {
                        tool.add(producerPerfTestOnANewTopic(broker.bootstrapServers(), setting.getValue()));
                    }
                }
                producers.put(setting.getKey(), comparison(ours, tool));
                System.out.printf(
                        Locale.ROOT,
                        "bench: producer %-24s tutorial %,10.0f rec/s, perf-test %,10.0f rec/s%n",
                        setting.getKey(),
                        median(ours),
                        median(tool));
            }
            results.put("producer_records_per_sec", producers);
            List<Double> ours = new ArrayList<>();
            List<Double> toolOverall = new ArrayList<>();
            List<Double> toolFetching = new ArrayList<>();
            List<Double> likeOverall = new ArrayList<>();
            List<Double> likeFetching = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) { // taking turns, so that each side meets the JVM as warm as the other
                Map<String, Double> tool = consumerPerfTest(broker.bootstrapServers(), filled);
                toolOverall.add(tool.get("nMsg.sec"));
                toolFetching.add(tool.get("fetch.nMsg.sec"));
                Map<String, Double> like = consumeLikePerfTest(broker.bootstrapServers(), filled);
                likeOverall.add(like.get("nMsg.sec"));
                likeFetching.add(like.get("fetch.nMsg.sec"));
                ours.add(consume(broker.bootstrapServers(), filled));
            }
            results.put("consumer_like_for_like", comparison(likeOverall, toolOverall));
            results.put("consumer_like_for_like_fetch_only", comparison(likeFetching, toolFetching));
            results.put("consumer_tutorial_default_records_per_sec", round(median(ours)));
        }
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path previous = dir.resolve("results.json");
        if (Files.exists(previous)) {
            Map<?, ?> before = new ObjectMapper().readValue(previous.toFile(), Map.class);
            before.remove("before");
            results.put("before", before);
        }
        Files.writeString(
                dir.resolve("results.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n",
                UTF_8);
        Files.writeString(dir.resolve("results.md"), markdown(results), UTF_8);
        System.out.println(markdown(results));
        System.out.println("bench: written to " + dir.toAbsolutePath());
    }

    /**
     * The first start in a fresh JVM started as the walk's test JVM is (median of the repeats), then warm restarts
     * in this one (each on a new data directory), in milliseconds.
     */
    private static Map<String, Object> brokerReady() throws Exception {
        List<Double> colds = new ArrayList<>();
        List<Map<String, Object>> coldRuns = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            Map<String, Object> run = freshJvmMeasured("broker");
            coldRuns.add(run);
            colds.add(((Number) run.get("ms")).doubleValue());
        }
        double cold = median(colds);
        EmbeddedKafkaBroker.start().close(); // this JVM's first: not measured
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            warm.add(millis(t));
            broker.close();
        }
        return Map.of(
                "cold_first_in_fresh_jvm_median", round(cold),
                "cold_runs", colds.stream().map(Benchmark::round).toList(),
                "cold_jvm", jvmCounters(coldRuns),
                "warm_median_of_5", round(median(warm)));
    }

    /** The medians of what the fresh JVMs' own counters said ({@link JvmCounters}), or why there are none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jvmCounters(List<Map<String, Object>> runs) {
        Map<String, List<Double>> byName = new LinkedHashMap<>();
        for (Map<String, Object> run : runs) {
            Map<String, Object> counters = (Map<String, Object>) run.get(JvmCounters.KEY);
            if (counters == null || counters.containsKey("unavailable")) {
                String why = counters == null ? "the fresh JVM sent none" : String.valueOf(counters.get("unavailable"));
                System.out.println("bench: no JVM counters: " + why);
                return Map.of("unavailable", why);
            }
            counters.forEach((name, value) ->
                    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(((Number) value).doubleValue()));
        }
        Map<String, Object> medians = new LinkedHashMap<>();
        byName.forEach((name, values) -> {
            if (name.equals("classes_loaded")) {
                medians.put(name, Math.round(median(values))); // a count: a long, not promoted to double
            } else {
                medians.put(name, round2(median(values)));
            }
        });
        return medians;
    }

    /** A JVM of its own, started as surefire starts the walk's: the wall time of the whole process, median. */
    private static Map<String, Object> freshJvmWall(String what) throws Exception {
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            freshJvmOutput(what);
            runs.add(millis(start));
        }
        return Map.of(
                "median",
                round(median(runs)),
                "runs",
                runs.stream().map(Benchmark::round).toList());
    }

    private static String freshJvmOutput(String what) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(WALK_JVM_FLAGS.trim().split("\\s+")));
        command.addAll(List.of("-cp", classPath(), FreshJvm.class.getName(), what));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("the fresh JVM failed: " + out);
        }
        out.lines()
                .filter(line -> line.startsWith("✘") || line.contains("=> "))
                .forEach(line -> System.out.println("bench: " + what + ": " + line.strip()));
        return out.lines().reduce("", (a, b) -> b); // its last line: what it measured
    }

    /** What a fresh JVM measured (its last line, JSON). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> freshJvmMeasured(String what) throws Exception {
        return new ObjectMapper().readValue(freshJvmOutput(what), Map.class);
    }

    /** This benchmark's class path: java.class.path, and a class loader's should one hold it (as exec:java's). */
    private static String classPath() {
        List<String> paths =
                new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader loader = Benchmark.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    paths.add(Path.of(URI.create(url.toString())).toString());
                }
            }
        }
        return String.join(
                File.pathSeparator,
                paths.stream().filter(p -> !p.isBlank()).distinct().toList());
    }

    /**
     * The cluster of step 23 (three controllers, three brokers): how long it takes to be ready, and how long
     * acknowledgements stop while a partition's leader is stopped under a producer that sends one record at a
     * time with acks=all. Medians over the repeats, a new cluster each time.
     */
    private static Map<String, Object> cluster() throws Exception {
        List<Double> ready = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3)) {
                ready.add(millis(start));
                gaps.add(writeGapAcrossLeaderChange(cluster));
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("ready_ms_median", round(median(ready)));
        figures.put("write_gap_ms_median", round(median(gaps)));
        figures.put("ready_ms_runs", ready.stream().map(Benchmark::round).toList());
        figures.put("write_gap_ms_runs", gaps.stream().map(Benchmark::round).toList());
        return figures;
    }

    /** The longest time between two acknowledgements, with the leader stopped after the 200th of 600 sends. */
    private static double writeGapAcrossLeaderChange(EmbeddedKafkaCluster cluster) throws Exception {
        String topic = "bench-failover";
        Cluster.createTopic(adminProps(cluster.bootstrapServers()), new NewTopic(topic, Map.of(0, List.of(1, 2, 3))));
        Map<String, String> safe = Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0");
        double longest = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps(cluster.bootstrapServers(), safe))) {
            byte[] value = payload();
            long last = System.nanoTime();
            for (int i = 0; i < 600; i++) {
                if (i == 200) {
                    Thread stopper = new Thread(() -> cluster.stopBroker(1), "bench-stop-leader");
                    stopper.start(); // the sends go on while broker 1 hands leadership over and stops
                }
                producer.send(new ProducerRecord<>(topic, value)).get(60, TimeUnit.SECONDS);
                long now = System.nanoTime();
                if (i > 0) {
                    longest = Math.max(longest, (now - last) / 1e6);
                }
                last = now;
            }
        }
        return longest;
    }

    /**
     * The whole walk (TutorialWalk) on the embedded broker in a fresh JVM, as ./mvnw test runs it (chapters side
     * by side), the repeats' median; then once with every step alone, one after another, for each step's own time.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> walk() throws Exception {
        List<Double> walls = new ArrayList<>();
        Map<String, List<Double>> sideBySide = new TreeMap<>();
        List<Map<String, Object>> walks = new ArrayList<>();
        long failed = 0;
        for (int i = 0; i < REPEATS; i++) {
            Map<String, Object> run = freshJvmMeasured("walk");
            walks.add(run);
            walls.add(((Number) run.get("ms")).doubleValue() / 1000);
            failed += ((Number) run.get("failed")).longValue();
            ((Map<String, Number>) run.get("steps"))
                    .forEach((step, took) -> sideBySide
                            .computeIfAbsent(step, k -> new ArrayList<>())
                            .add(took.doubleValue()));
        }
        Map<String, Object> alone = freshJvmMeasured("walk-alone");
        failed += ((Number) alone.get("failed")).longValue();
        Map<String, Number> aloneTook = (Map<String, Number>) alone.get("steps");
        List<List<Object>> steps = new ArrayList<>();
        sideBySide.forEach((step, runs) -> steps.add(List.of(
                step,
                round(median(runs)),
                aloneTook.containsKey(step) ? round(aloneTook.get(step).doubleValue()) : "")));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("seconds_median", round(median(walls)));
        figures.put("seconds_runs", walls.stream().map(Benchmark::round).toList());
        figures.put("jvm", jvmCounters(walks));
        figures.put("seconds_one_step_at_a_time", round(((Number) alone.get("ms")).doubleValue() / 1000));
        figures.put("failed", failed);
        figures.put("steps", steps);
        if (failed > 0) {
            System.out.println("bench: the walk failed " + failed + " time(s)");
        }
        return figures;
    }

    /**
     * The six core steps (Step01 to Step06, with the broker of their run) against {@link BareReference}, the same
     * work in one plain test, each in a fresh JVM, taking turns; medians of the repeats, in seconds.
     */
    private static Map<String, Object> coreSteps() throws Exception {
        List<Double> core = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            core.add(((Number) freshJvmMeasured("core").get("ms")).doubleValue() / 1000);
            bare.add(((Number) freshJvmMeasured("bare").get("ms")).doubleValue() / 1000);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("core_steps_seconds_median", round2(median(core)));
        figures.put("bare_reference_seconds_median", round2(median(bare)));
        figures.put("ratio", Math.round(median(core) / median(bare) * 100) / 100.0);
        figures.put("core_runs", core.stream().map(Benchmark::round2).toList());
        figures.put("bare_runs", bare.stream().map(Benchmark::round2).toList());
        return figures;
    }

    /** Send one record, wait until a listening consumer has it; 1,000 times after a warm-up of 100. */
    private static Map<String, Object> roundTrip(String bootstrap) throws Exception {
        String topic = newTopic(bootstrap);
        BlockingQueue<Long> received = new LinkedBlockingQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        TopicPartition partition = new TopicPartition(topic, 0);
        Thread listener = new Thread(
                () -> {
                    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
                        consumer.assign(List.of(partition));
                        consumer.seekToBeginning(List.of(partition));
                        while (running.get()) {
                            for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(50))) {
                                received.add(System.nanoTime());
                            }
                        }
                    }
                },
                "bench-listener");
        listener.start();
        List<Double> latencies = new ArrayList<>();
        Map<String, String> noLinger = Map.of(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrap, noLinger))) {
            byte[] value = payload();
            for (int i = 0; i < 100 + ROUND_TRIPS; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, value));
                Long at = received.poll(30, TimeUnit.SECONDS);
                if (at == null) {
                    throw new IllegalStateException("record " + i + " did not arrive within 30 s");
                }
                if (i >= 100) {
                    latencies.add((at - sent) / 1e6);
                }
            }
        } finally {
            running.set(false);
            listener.join(10_000);
        }
        Collections.sort(latencies);
        return Map.of(
                "p50",
                round(percentile(latencies, 50)),
                "p99",
                round(percentile(latencies, 99)),
                "max",
                round(latencies.get(latencies.size() - 1)),
                "records",
                ROUND_TRIPS);
    }

    /**
     * The tutorial's way to produce: send with a callback that counts failures, then flush. Like the perf test,
     * each record gets new random letters (send() copies them into its batch, so the array can be refilled).
     * Records/s.
     */
    private static double produce(String bootstrap, String topic, Map<String, String> settings) {
        byte[] value = new byte[RECORD_SIZE];
        SplittableRandom random = new SplittableRandom();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrap, settings))) {
            for (int i = 0; i < RECORDS; i++) {
                fillWithLetters(value, random);
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records were not stored");
        }
        return RECORDS / seconds;
    }

    private static double producerPerfTestOnANewTopic(String bootstrap, Map<String, String> settings) throws Exception {
        String topic = newTopic(bootstrap);
        try {
            return producerPerfTest(bootstrap, topic, settings);
        } finally {
            deleteTopic(bootstrap, topic);
        }
    }

    private static double producerPerfTest(String bootstrap, String topic, Map<String, String> settings)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                String.valueOf(RECORDS),
                "--record-size",
                String.valueOf(RECORD_SIZE),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrap));
        settings.forEach((key, value) -> args.add(key + "=" + value));
        KafkaTool.Result result = KafkaTool.run(
                "kafka-producer-perf-test.sh", ProducerPerformance::main, "", args.toArray(String[]::new));
        Matcher summary =
                Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec").matcher(result.out());
        double last = -1;
        while (summary.find()) {
            last = Double.parseDouble(summary.group(2));
        }
        if (last < 0) {
            throw new IllegalStateException("no summary from the perf test:\n" + result.transcript());
        }
        return last;
    }

    /**
     * Reads the topic from its first offset as the tutorial reads: no group, the defaults, String values. Records/s.
     */
    private static double consume(String bootstrap, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        long count = 0;
        Properties props = consumerProps(bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class); // as the tutorial reads
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        long start;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            start = System.nanoTime(); // from after the consumer is made, to before it is closed, as the perf test
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (count < RECORDS && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
            if (count < RECORDS) {
                throw new IllegalStateException("read " + count + " of " + RECORDS + " records within 2 minutes");
            }
            return RECORDS / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Reads the topic as kafka-consumer-perf-test does (ConsumerPerformance): its settings (a new group, 2 MiB
     * receive buffer, 1 MiB per partition fetch, byte arrays, no CRC check), subscribe with the time until the
     * partitions are assigned counted as the join, the same poll loop and clock. Records/s, overall and fetching.
     */
    private static Map<String, Double> consumeLikePerfTest(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-like-" + UUID.randomUUID());
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, String.valueOf(2 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(1024 * 1024));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        long records = 0;
        long bytes = 0;
        AtomicLong joinMs = new AtomicLong();
        AtomicLong subscribedMs = new AtomicLong();
        long startMs;
        long endMs;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            startMs = System.currentTimeMillis(); // as the tool: from after the consumer is made
            subscribedMs.set(startMs);
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (joinMs.get() == 0) {
                        joinMs.set(System.currentTimeMillis() - subscribedMs.get());
                    }
                }
            });
            long deadline = startMs + TimeUnit.MINUTES.toMillis(2);
            while (records < RECORDS && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    bytes += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                }
            }
            endMs = System.currentTimeMillis(); // to before it is closed
        }
        if (records < RECORDS || bytes == 0) {
            throw new IllegalStateException("read " + records + " of " + RECORDS + " records within 2 minutes");
        }
        return Map.of(
                "nMsg.sec", records / ((endMs - startMs) / 1000.0),
                "fetch.nMsg.sec", records / ((endMs - startMs - joinMs.get()) / 1000.0));
    }

    /**
     * kafka-consumer-perf-test's rates: nMsg.sec over its whole run (group join included; the tutorial's reader
     * joins no group), and fetch.nMsg.sec, which leaves the join out.
     */
    private static Map<String, Double> consumerPerfTest(String bootstrap, String topic) throws Exception {
        KafkaTool.Result result = KafkaTool.run(
                "kafka-consumer-perf-test.sh",
                ConsumerPerformance::main,
                "",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                topic,
                "--messages",
                String.valueOf(RECORDS),
                "--group",
                "bench-" + UUID.randomUUID(),
                "--timeout",
                "120000");
        List<String> lines = result.out().lines().filter(l -> !l.isBlank()).toList();
        String[] header = lines.get(lines.size() - 2).split(",\\s*");
        String[] values = lines.get(lines.size() - 1).split(",\\s*");
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals("nMsg.sec") || header[i].trim().equals("fetch.nMsg.sec")) {
                rates.put(header[i].trim(), Double.parseDouble(values[i].trim()));
            }
        }
        if (rates.size() != 2) {
            throw new IllegalStateException(
                    "no nMsg.sec and fetch.nMsg.sec from the perf test:\n" + result.transcript());
        }
        return rates;
    }

    private static Map<String, Object> comparison(List<Double> ours, List<Double> tool) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tutorial_median", round(median(ours)));
        figures.put("perf_test_median", round(median(tool)));
        figures.put("ratio", Math.round(median(ours) / median(tool) * 1000) / 1000.0);
        figures.put("tutorial_runs", ours.stream().map(Benchmark::round).toList());
        figures.put("perf_test_runs", tool.stream().map(Benchmark::round).toList());
        return figures;
    }

    private static Properties producerProps(String bootstrap, Map<String, String> settings) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.putAll(settings);
        return props;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /** 100 random capital letters: kafka-producer-perf-test's payload for --record-size. */
    private static byte[] payload() {
        byte[] payload = new byte[RECORD_SIZE];
        fillWithLetters(payload, new SplittableRandom());
        return payload;
    }

    private static void fillWithLetters(byte[] payload, SplittableRandom random) {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (random.nextInt(26) + 65);
        }
    }

    /** A new topic for one measurement, ready for writes. */
    private static String newTopic(String bootstrap) throws Exception {
        String topic = "bench-" + UUID.randomUUID();
        Cluster.createTopic(adminProps(bootstrap), new NewTopic(topic, 1, (short) 1));
        return topic;
    }

    private static Properties adminProps(String bootstrap) {
        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrap);
        return adminProps;
    }

    private static void deleteTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> results) {
        List<List<Object>> figures = new ArrayList<>();
        Map<String, Object> before = (Map<String, Object>) results.getOrDefault("before", Map.of());
        for (String[] headline : HEADLINES) {
            figures.add(List.of(
                    headline[0],
                    String.valueOf(figure(before, headline[1])).replace("null", "–"),
                    String.valueOf(figure(results, headline[1])),
                    headline[2]));
        }
        Map<String, Object> walk = (Map<String, Object>) results.get("walk");
        List<List<Object>> rates = new ArrayList<>();
        Map<String, Object> producers = (Map<String, Object>) results.get("producer_records_per_sec");
        producers.forEach((name, compared) -> rates.add(row("producer, " + name, (Map<String, Object>) compared)));
        rates.add(row("consumer like for like (whole run, join included)", (Map<String, Object>)
                results.get("consumer_like_for_like")));
        rates.add(row("consumer like for like (fetching only)", (Map<String, Object>)
                results.get("consumer_like_for_like_fetch_only")));
        String brokerWall = figure(results, "broker_ready_ms.cold_first_in_fresh_jvm_median") + " ms";
        Map<String, Object> brokerJvm = (Map<String, Object>) figure(results, "broker_ready_ms.cold_jvm");
        Map<String, Object> walkJvm = (Map<String, Object>) walk.get("jvm");
        return "# hello-kafka benchmark\n\nEnvironment: " + results.get("environment") + "\n\n"
                + "Before: the previous run of the benchmark in this target/ (its results.json), if any; after: this"
                + " run.\n\n"
                + Recorder.markdownTable(List.of("figure", "before", "after", "target"), figures) + "\n\n"
                + "## Where the walk's time goes\n\nEach step side by side with the others, as ./mvnw test runs"
                + " them (median of " + REPEATS
                + " walks, each in a fresh JVM), and alone, one step after another (one walk: "
                + walk.get("seconds_one_step_at_a_time") + " s):\n\n"
                + Recorder.markdownTable(
                        List.of("step", "side by side, s", "alone, s"), (List<List<Object>>) walk.get("steps"))
                + "\n\n## Where a fresh JVM's time goes\n\nBesides Kafka's own work, in the fresh JVMs above (HotSpot's"
                + " counters, jcmd PerfCounter.print, read when the broker is ready or the walk is done; medians):"
                + " class loading is the time threads spent loading, linking and initialising classes (static"
                + " initialisers included), summed over the threads, so it can exceed the wall time; verifying is"
                + " part of it; JIT compiling is the compiler threads' time.\n\n"
                + Recorder.markdownTable(
                        List.of(
                                "fresh JVM",
                                "wall",
                                "classes loaded",
                                "class loading, s",
                                "of it verifying, s",
                                "JIT compiling, s"),
                        List.of(
                                jvmRow("the broker's first start", brokerWall, brokerJvm),
                                jvmRow("the walk, chapters side by side", walk.get("seconds_median") + " s", walkJvm)))
                + "\n\n## Clients against Apache Kafka's perf tools\n\n"
                + Recorder.markdownTable(
                        List.of(
                                "records/s (medians: producers of " + PRODUCER_REPEATS + " runs, consumers of "
                                        + REPEATS + ")",
                                "tutorial",
                                "perf test",
                                "ratio"),
                        rates)
                + "\n\nThe tutorial's own reader (assign, no group, the client's defaults, String deserializers): "
                + results.get("consumer_tutorial_default_records_per_sec") + " records/s.\n";
    }

    /** The headline figures: name, where in results.json, and what the project aims at. */
    private static final String[][] HEADLINES = {
        {"walk, chapters side by side (median), s", "walk.seconds_median", "≤ 20 (25 for ./mvnw test)"},
        {"walk, one step at a time, s", "walk.seconds_one_step_at_a_time", ""},
        {"six core steps, s", "core_steps.core_steps_seconds_median", ""},
        {"bare reference of the core steps, s", "core_steps.bare_reference_seconds_median", ""},
        {"core steps / bare reference", "core_steps.ratio", "≤ 1.2"},
        {"broker ready, first in a fresh JVM, ms", "broker_ready_ms.cold_first_in_fresh_jvm_median", "≤ 1200"},
        {"broker ready, warm, ms", "broker_ready_ms.warm_median_of_5", "≤ 150"},
        {"a fresh JVM that does nothing, ms", "jvm_start_ms.median", ""},
        {"cluster of 3 + 3 ready, ms", "cluster.ready_ms_median", ""},
        {"acks paused while a leader stops, ms", "cluster.write_gap_ms_median", ""},
        {"consumer like for like / perf test", "consumer_like_for_like.ratio", "≥ 0.9"},
        {"consumer like for like / perf test, fetching", "consumer_like_for_like_fetch_only.ratio", "≥ 0.9"},
        {"producer defaults / perf test", "producer_records_per_sec.defaults.ratio", "≥ 0.9"},
    };

    @SuppressWarnings("unchecked")
    private static Object figure(Map<String, Object> results, String path) {
        Object value = results;
        for (String key : path.split("\\.")) {
            if (!(value instanceof Map)) {
                return null;
            }
            value = ((Map<String, Object>) value).get(key);
        }
        return value;
    }

    private static List<Object> jvmRow(String name, String wall, Map<String, Object> counters) {
        if (counters.containsKey("unavailable")) {
            return List.of(name, wall, counters.get("unavailable"), "–", "–", "–");
        }
        return List.of(
                name,
                wall,
                counters.get("classes_loaded"),
                counters.get("class_loading_s"),
                counters.get("verifying_s"),
                counters.get("jit_compiling_s"));
    }

    private static List<Object> row(String name, Map<String, Object> figures) {
        return List.of(name, figures.get("tutorial_median"), figures.get("perf_test_median"), figures.get("ratio"));
    }
}
