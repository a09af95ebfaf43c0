package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.consumer.ConsoleShareConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class ShareGroupsChapter {

    private final Broker broker;
    private final Recorder recorder;
    /** The page's topic is "jobs"; the walk makes a new one for each test, which counts only its own jobs. */
    private final String run = UUID.randomUUID().toString();

    ShareGroupsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    private Properties adminProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        return adminProps;
    }

    private Properties producerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        return producerProps;
    }

    private Properties shareProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::share-props[]
        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit"); // at most max.poll.records per poll
        shareProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2); // so that the jobs spread over the consumers
        // end::share-props[]
        shareProps.putAll(broker.securitySettings());
        return shareProps;
    }

    // tag::helpers[]
    /**
     * Creates the topic with one partition, and returns once its leader takes writes (a share group that subscribes
     * before the broker knows the topic may get no partition of it); one already there is fine.
     */
    static void createTopic(Properties adminProps, String topic) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // A leader takes writes once it has made its copy of the partition, a moment after the create returns,
            // and answers listOffsets from then on. Writing sooner can fail sends on Kafka 4.3 (KAFKA-15591).
            Map<TopicPartition, OffsetSpec> partitions = Map.of(new TopicPartition(topic, 0), OffsetSpec.latest());
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    admin.listOffsets(partitions).all().get();
                    break;
                } catch (ExecutionException e) {
                    // A broker that has not heard of the topic yet says so; the admin client retries the rest.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Sets group configs, as kafka-configs.sh --entity-type groups --alter --add-config does. */
    static void configureGroup(Properties adminProps, String group, Map<String, String> configs) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> changes = configs.entrySet().stream()
                .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try (Admin admin = Admin.create(adminProps)) {
            admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get();
        }
    }

    /** Sends the jobs, one record each, with values job-1, job-2, ... */
    static void sendJobs(Properties producerProps, String topic, int count) {
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= count; i++) {
                producer.send(new ProducerRecord<>(topic, "job-" + i));
            }
        }
    }

    /** The share consumer's settings, in a share group of this name. */
    static Properties inShareGroup(Properties shareProps, String group) {
        Properties props = new Properties();
        props.putAll(shareProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return props;
    }
    // end::helpers[]

    /** Waits until the share group has this many members, so that the jobs are not all gone before one joins. */
    private void awaitMembers(String group, int members) {
        try (Admin admin = Admin.create(adminProps())) {
            Poll.until("the share group " + group + " to have " + members + " members", () -> {
                try {
                    ShareGroupDescription described = admin.describeShareGroups(List.of(group))
                            .describedGroups()
                            .get(group)
                            .get();
                    return described.members().size() == members;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        return false; // the first member has not reached the coordinator yet
                    }
                    throw e;
                }
            });
        }
    }

    @Test
    @Order(1)
    @DisplayName("three share consumers on one partition all receive jobs; three group members do not")
    void threeConsumersOnePartition() throws Exception {
        String topic = "jobs-" + run;
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties shareProps = shareProps();
        Properties consumerProps = Fixtures.stringConsumerProps(broker);
        // tag::share-group[]
        createTopic(adminProps, topic);
        // A new share group starts at the end of the topic; this one starts at its first record.
        configureGroup(adminProps, topic + "-workers", Map.of("share.auto.offset.reset", "earliest"));
        Map<String, Integer> jobsPerConsumer = new LinkedHashMap<>();
        List<ShareConsumer<String, String>> workers = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                ShareConsumer<String, String> worker =
                        new KafkaShareConsumer<>(inShareGroup(shareProps, topic + "-workers"));
                worker.subscribe(List.of(topic));
                workers.add(worker);
                jobsPerConsumer.put("worker " + i, 0);
            }
            // end::share-group[]
            workers.forEach(w -> w.poll(Duration.ofMillis(100)));
            awaitMembers(topic + "-workers", 3);
            // tag::share-group[]
            sendJobs(producerProps, topic, 30);
            long deadline = System.currentTimeMillis() + 30_000;
            while (jobsPerConsumer.values().stream().mapToInt(Integer::intValue).sum() < 30) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the workers received " + jobsPerConsumer + " of 30 jobs in 30 s");
                }
                for (int i = 0; i < workers.size(); i++) { // each worker in turn: poll, and process what came
                    int received = workers.get(i).poll(Duration.ofMillis(100)).count();
                    jobsPerConsumer.merge("worker " + (i + 1), received, Integer::sum);
                }
            }
        } finally {
            workers.forEach(ShareConsumer::close); // acknowledges the last records polled
        }
        // end::share-group[]

        Map<String, Integer> perGroupMember = new LinkedHashMap<>();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Consumer<String, String>> members = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                Consumer<String, String> member = new KafkaConsumer<>(consumerProps);
                member.subscribe(List.of(topic));
                members.add(member);
                perGroupMember.put("member " + i, 0);
            }
            Poll.until("the consumer group to read the 30 jobs", () -> {
                for (int i = 0; i < members.size(); i++) {
                    int received = members.get(i).poll(Duration.ofMillis(100)).count();
                    perGroupMember.merge("member " + (i + 1), received, Integer::sum);
                }
                return perGroupMember.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum()
                        >= 30;
            });
        } finally {
            members.forEach(Consumer::close);
        }
        long sharingWorkers =
                jobsPerConsumer.values().stream().filter(n -> n > 0).count();
        long readingMembers =
                perGroupMember.values().stream().filter(n -> n > 0).count();
        recorder.table(
                "who-got-jobs",
                List.of("three consumers of the one-partition topic", "consumers that received jobs", "jobs in all"),
                List.of(
                        List.of("in one share group", sharingWorkers + " of 3", sum(jobsPerConsumer)),
                        List.of("in one consumer group", readingMembers + " of 3", sum(perGroupMember))));
        assertEquals(3, sharingWorkers, "every share consumer received jobs: " + jobsPerConsumer);
        assertEquals(30, sum(jobsPerConsumer), "each job once: " + jobsPerConsumer);
        assertEquals(1, readingMembers, "the one partition goes to one group member: " + perGroupMember);
        assertEquals(30, sum(perGroupMember));
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    @Order(2)
    @DisplayName("each record is acknowledged on its own: accept, release (it comes back), reject (it does not)")
    void acknowledgeEachRecord() throws Exception {
        String topic = "jobs-" + UUID.randomUUID();
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties shareProps = shareProps();
        // tag::acknowledge[]
        String carefulJobs = topic + "-careful"; // a topic of its own, with three jobs
        createTopic(adminProps, carefulJobs);
        configureGroup(adminProps, carefulJobs, Map.of("share.auto.offset.reset", "earliest"));
        sendJobs(producerProps, carefulJobs, 3);
        Properties carefulProps = inShareGroup(shareProps, carefulJobs);
        carefulProps.put(
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit"); // every record, acknowledged by us
        Map<String, List<String>> deliveries = new TreeMap<>(); // per job: each delivery, and what we answered
        try (ShareConsumer<String, String> worker = new KafkaShareConsumer<>(carefulProps)) {
            worker.subscribe(List.of(carefulJobs));
            long deadline = System.currentTimeMillis() + 10_000; // long enough to see that job-3 does not return
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> job : worker.poll(Duration.ofMillis(100))) {
                    int delivery = job.deliveryCount().orElseThrow();
                    AcknowledgeType decision = switch (job.value()) {
                        case "job-1" -> AcknowledgeType.ACCEPT; // done
                        case "job-2" -> delivery == 1 ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT;
                        default -> AcknowledgeType.REJECT; // job-3: it cannot be processed, ever
                    };
                    worker.acknowledge(job, decision);
                    deliveries
                            .computeIfAbsent(job.value(), value -> new ArrayList<>())
                            .add("delivery " + delivery + ": " + decision);
                }
                worker.commitSync(); // sends the acknowledgements
                if (deliveries.values().stream().mapToInt(List::size).sum() >= 4) {
                    deadline = Math.min(deadline, System.currentTimeMillis() + 1_000); // then watch one more second
                }
            }
        }
        // end::acknowledge[]
        recorder.output(
                "acknowledge",
                deliveries.entrySet().stream()
                        .map(job -> job.getKey() + ": " + String.join(", ", job.getValue()))
                        .collect(Collectors.joining("\n")));
        assertEquals(
                Map.of(
                        "job-1", List.of("delivery 1: accept"),
                        "job-2", List.of("delivery 1: release", "delivery 2: accept"),
                        "job-3", List.of("delivery 1: reject")),
                deliveries,
                "job-2 came back once, job-3 never");
    }

    @Test
    @Order(3)
    @DisplayName("a record released again and again is given up after the delivery count limit")
    void deliveryCountLimit() throws Exception {
        String topic = "jobs-" + UUID.randomUUID();
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties shareProps = shareProps();
        // tag::delivery-limit[]
        String stubbornJobs = topic + "-stubborn"; // a topic of its own, with one job
        createTopic(adminProps, stubbornJobs);
        configureGroup(
                adminProps,
                stubbornJobs,
                Map.of("share.auto.offset.reset", "earliest", "share.delivery.count.limit", "3"));
        sendJobs(producerProps, stubbornJobs, 1);
        Properties stubbornProps = inShareGroup(shareProps, stubbornJobs);
        stubbornProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        List<Short> deliveryCounts = new ArrayList<>();
        try (ShareConsumer<String, String> worker = new KafkaShareConsumer<>(stubbornProps)) {
            worker.subscribe(List.of(stubbornJobs));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> job : worker.poll(Duration.ofMillis(100))) {
                    deliveryCounts.add(job.deliveryCount().orElseThrow());
                    worker.acknowledge(job, AcknowledgeType.RELEASE); // fails every time: try again
                }
                worker.commitSync();
                if (deliveryCounts.size() >= 3) {
                    deadline = Math.min(deadline, System.currentTimeMillis() + 1_000); // then watch one more second
                }
            }
        }
        // end::delivery-limit[]
        recorder.output(
                "delivery-limit",
                "deliveryCounts of job-1 (offset 0), each released: " + deliveryCounts + "\n"
                        + "delivered again after the third: " + (deliveryCounts.size() > 3));
        assertEquals(
                List.of((short) 1, (short) 2, (short) 3),
                deliveryCounts,
                "three deliveryCounts, then Kafka gives the record up");
    }

    @Test
    @Order(4)
    @DisplayName("a consumer that never acknowledges loses its records when the acquisition lock expires")
    void acquisitionLockExpires() throws Exception {
        String topic = "jobs-" + UUID.randomUUID();
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties shareProps = shareProps();
        // tag::lock[]
        String slowJobs = topic + "-slow"; // a topic of its own, with one job
        String lock = "2000"; // ms: short for the lesson; the other consumer holds the job under this lock too
        // end::lock[]
        lock = lockDurationThisClusterAllows(lock); // a cluster of Kafka's defaults allows 15 s at least
        // tag::lock[]
        createTopic(adminProps, slowJobs);
        configureGroup(
                adminProps,
                slowJobs,
                Map.of("share.auto.offset.reset", "earliest", "share.record.lock.duration.ms", lock));
        sendJobs(producerProps, slowJobs, 1);
        Properties slowProps = inShareGroup(shareProps, slowJobs);
        slowProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        List<String> events = new ArrayList<>();
        try (ShareConsumer<String, String> stuck = new KafkaShareConsumer<>(slowProps);
                ShareConsumer<String, String> helper = new KafkaShareConsumer<>(slowProps)) {
            stuck.subscribe(List.of(slowJobs));
            helper.subscribe(List.of(slowJobs));
            long deadline = System.currentTimeMillis() + 30_000;
            while (events.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> job : stuck.poll(Duration.ofMillis(100))) {
                    events.add("stuck consumer: " + job.value() + ", delivery "
                            + job.deliveryCount().orElseThrow() + ", lock held for "
                            + stuck.acquisitionLockTimeoutMs().orElseThrow() + " ms");
                }
            }
            // The stuck consumer neither acknowledges nor polls again. Its lock runs out; the job is free again.
            while (events.size() < 2 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> job : helper.poll(Duration.ofMillis(100))) {
                    events.add("other consumer: " + job.value() + ", delivered again: "
                            + (job.deliveryCount().orElseThrow() > 1)); // 2, or more if a lock ran out again
                    helper.acknowledge(job, AcknowledgeType.ACCEPT);
                }
                helper.commitSync();
            }
        }
        // end::lock[]
        recorder.output("lock", String.join("\n", events));
        assertEquals(2, events.size(), "the other consumer got the job: " + events);
        assertTrue(events.get(1).endsWith("job-1, delivered again: true"), "as a later delivery: " + events);
    }

    /** 2 s where the broker allows it (the tutorial's broker does); else the shortest lock the cluster accepts. */
    private String lockDurationThisClusterAllows(String wanted) throws Exception {
        try (Admin admin = Admin.create(adminProps())) {
            String node =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
            long min = Long.parseLong(admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get("group.share.min.record.lock.duration.ms")
                    .value());
            return String.valueOf(Math.max(min, Long.parseLong(wanted)));
        }
    }

    @Test
    @Order(5)
    @DisplayName("kafka-console-share-consumer.sh reads as a member of a share group")
    void consoleShareConsumer() throws Exception {
        String topic = "jobs-" + UUID.randomUUID();
        recorder.registerRunValue(topic, "jobs");
        Properties adminProps = adminProps();
        createTopic(adminProps, topic);
        configureGroup(adminProps, topic + "-console", Map.of("share.auto.offset.reset", "earliest"));
        recorder.registerRunValue(topic + "-console", "jobs-console");
        sendJobs(producerProps(), topic, 3);
        var consumed = run(
                broker,
                "kafka-console-share-consumer.sh",
                ConsoleShareConsumer::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                topic,
                "--group",
                topic + "-console",
                "--max-messages",
                "3",
                "--timeout-ms",
                "30000");
        recorder.output("console", consumed.transcript());
        assertEquals(List.of("job-1", "job-2", "job-3"), consumed.out().lines().toList(), consumed.transcript());
    }

    @Test
    @Order(6)
    @DisplayName("in explicit mode, a poll before every record of the last one is acknowledged is refused")
    void everyRecordAcknowledgedBeforeTheNextPoll() throws Exception {
        String topic = "jobs-" + UUID.randomUUID();
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties shareProps = shareProps();
        // tag::unacknowledged[]
        String hastyJobs = topic + "-hasty"; // a topic of its own, with three jobs
        createTopic(adminProps, hastyJobs);
        configureGroup(adminProps, hastyJobs, Map.of("share.auto.offset.reset", "earliest"));
        sendJobs(producerProps, hastyJobs, 3);
        Properties hastyProps = inShareGroup(shareProps, hastyJobs);
        hastyProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        IllegalStateException refused = null;
        try (ShareConsumer<String, String> worker = new KafkaShareConsumer<>(hastyProps)) {
            worker.subscribe(List.of(hastyJobs));
            long deadline = System.currentTimeMillis() + 30_000;
            while (worker.poll(Duration.ofMillis(100)).isEmpty()) { // until it is given jobs, and acknowledges none
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("no jobs within 30 s");
                }
            }
            try {
                worker.poll(Duration.ofMillis(100));
            } catch (IllegalStateException e) {
                refused = e;
            }
        }
        // end::unacknowledged[]
        assertInstanceOf(IllegalStateException.class, refused, "the second poll is refused");
        recorder.output("unacknowledged", refused.getClass().getName() + ": " + refused.getMessage());
    }

    @Test
    @Order(7)
    @DisplayName("a share group reads aborted transactional records unless it is set to read_committed")
    void isolationLevel() throws Exception {
        String topic = "jobs-" + UUID.randomUUID();
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties shareProps = shareProps();
        // tag::isolation[]
        String transactionalJobs = topic + "-transactional"; // a topic of its own, written in transactions
        createTopic(adminProps, transactionalJobs);
        Properties transactionalProps = new Properties();
        transactionalProps.putAll(producerProps);
        transactionalProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jobs-writer"); // step 24
        try (Producer<String, String> producer = new KafkaProducer<>(transactionalProps)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(transactionalJobs, "job-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(transactionalJobs, "job-2 (aborted)"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(transactionalJobs, "job-3"));
            producer.commitTransaction();
        }
        Map<String, List<String>> taken = new LinkedHashMap<>();
        for (String isolation : List.of("read_uncommitted", "read_committed")) {
            String group = transactionalJobs + "-" + isolation;
            configureGroup(
                    adminProps,
                    group,
                    Map.of("share.auto.offset.reset", "earliest", "share.isolation.level", isolation));
            List<String> jobs = new ArrayList<>();
            try (ShareConsumer<String, String> worker = new KafkaShareConsumer<>(inShareGroup(shareProps, group))) {
                worker.subscribe(List.of(transactionalJobs));
                long deadline = System.currentTimeMillis() + 30_000;
                while (!jobs.contains("job-3")) { // the last job: every job before it has been handed out
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the " + isolation + " group got only " + jobs + " in 30 s");
                    }
                    worker.poll(Duration.ofMillis(100)).forEach(job -> jobs.add(job.value()));
                }
            }
            taken.put(isolation, jobs);
        }
        // end::isolation[]
        recorder.table(
                "isolation",
                List.of("`share.isolation.level` of the group", "jobs it was given"),
                taken.entrySet().stream()
                        .map(e -> List.<Object>of("`" + e.getKey() + "`", String.join(", ", e.getValue())))
                        .toList());
        assertEquals(List.of("job-1", "job-2 (aborted)", "job-3"), taken.get("read_uncommitted"), "the default");
        assertEquals(List.of("job-1", "job-3"), taken.get("read_committed"), "committed jobs only");
    }
}
