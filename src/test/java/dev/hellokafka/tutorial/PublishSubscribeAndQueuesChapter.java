package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class PublishSubscribeAndQueuesChapter {

    /** The page's topic is "orders"; the walk uses a new one per run, so that each run counts only its records. */
    private static final String TOPIC = "orders-" + UUID.randomUUID();

    private final Broker broker;
    private final Recorder recorder;

    PublishSubscribeAndQueuesChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    static void createTheTopic(Broker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String topic = TOPIC;
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::topic[]
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(); // 2 partitions
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // end::topic[]
        Fixtures.awaitTopicKnown(broker, topic); // before the first send: see there why
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

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer group protocol: step 20
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    // tag::helpers[]
    /** Sends orders with keys spread over the partitions; returns their values, each one new. */
    static Set<String> sendOrders(Properties producerProps, String topic, int count) {
        Set<String> values = new HashSet<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= count; i++) {
                String value = "order " + UUID.randomUUID();
                producer.send(new ProducerRecord<>(topic, "order-" + i, value));
                values.add(value);
            }
        } // close() waits until every record is sent
        return values;
    }

    /** The consumer settings, in a consumer group of this name. */
    static Properties inGroup(Properties consumerProps, String group) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return props;
    }
    // end::helpers[]

    @Test
    @Order(1)
    @DisplayName("two groups each receive every record")
    void everyGroupGetsEverything() {
        String topic = TOPIC;
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::two-groups[]
        Set<String> sent = sendOrders(producerProps, topic, 6);
        Set<String> billed = new HashSet<>();
        Set<String> shipped = new HashSet<>();
        try (Consumer<String, String> billing =
                        new KafkaConsumer<>(inGroup(consumerProps, "billing-" + UUID.randomUUID()));
                Consumer<String, String> shipping =
                        new KafkaConsumer<>(inGroup(consumerProps, "shipping-" + UUID.randomUUID()))) {
            billing.subscribe(List.of(topic));
            shipping.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!(billed.containsAll(sent) && shipped.containsAll(sent))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("within 30 s, billing read " + billed.size() + " and shipping "
                            + shipped.size() + " of the " + sent.size() + " orders");
                }
                billing.poll(Duration.ofMillis(100)).forEach(r -> billed.add(r.value()));
                shipping.poll(Duration.ofMillis(100)).forEach(r -> shipped.add(r.value()));
            }
        }
        // end::two-groups[]
        recorder.output(
                "two-groups",
                String.join(
                        "\n",
                        "records sent:                 " + sent.size(),
                        "read by the billing group:    " + billed.size(),
                        "read by the shipping group:   " + shipped.size()));
        assertEquals(sent, billed, "the billing group gets every record");
        assertEquals(sent, shipped, "and so does the shipping group, independently");
    }

    @Test
    @Order(2)
    @DisplayName("two consumers of one group share the partitions, and one takes over when the other leaves")
    void oneGroupSharesTheWork() {
        String topic = TOPIC;
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        String shared;
        // tag::one-group[]
        Set<String> orders = sendOrders(producerProps, topic, 6);
        Set<String> processed = new HashSet<>();
        String group = "warehouse-" + UUID.randomUUID();
        try (Consumer<String, String> first = new KafkaConsumer<>(inGroup(consumerProps, group));
                Consumer<String, String> second = new KafkaConsumer<>(inGroup(consumerProps, group))) {
            first.subscribe(List.of(topic));
            second.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (first.assignment().size() != 1 || second.assignment().size() != 1) { // one partition each
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the group did not give each member one partition in 30 s");
                }
                first.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
                second.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
            }
            // end::one-group[]
            shared = "first consumer:  " + first.assignment().size() + " partition\n"
                    + "second consumer: " + second.assignment().size() + " partition\n"
                    + "partitions in common: " + intersection(first, second);
            // tag::one-group[]

            first.close(); // the first consumer leaves the group; its partitions go to the second
            orders.addAll(sendOrders(producerProps, topic, 4)); // and orders keep coming
            while (!processed.containsAll(orders)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("within 30 s the group processed " + processed.size()
                            + " orders, not yet all of these " + orders.size() + "; the second consumer has "
                            + second.assignment());
                }
                second.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
            }
            // end::one-group[]
            recorder.output(
                    "one-group",
                    shared + "\n"
                            + "after the first consumer left, the second has: "
                            + second.assignment().size() + " partitions\n"
                            + "orders sent while the group ran: " + orders.size() + ", every one processed: "
                            + processed.containsAll(orders));
            assertEquals(2, second.assignment().size(), "the second consumer took over both partitions");
            assertTrue(processed.containsAll(orders), "nothing is skipped across the rebalance");
            // tag::one-group[]
        }
        // end::one-group[]
    }

    private static int intersection(Consumer<?, ?> a, Consumer<?, ?> b) {
        Set<Object> common = new HashSet<>(a.assignment());
        common.retainAll(b.assignment());
        return common.size();
    }
}
