package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ProduceTheRecords;
import dev.hellokafka.programs.ReadTheTopic;
import dev.hellokafka.programs.SecureTheTopic;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that lets in only clients that prove who they are, over TLS, and then only to do what ACLs allow.
 * It is a broker of this step's own, in every mode: the walk's broker stays open. The passwords are example
 * values; the certificate and its store password are made anew for each run.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one secured broker for the chapter's tests
class SecurityChapter {

    /**
     * How long a refused client may take to hear why: the broker refuses as soon as it has checked, but the TLS
     * handshake and the SCRAM exchange before that took over 2 s once on a busy machine (a TimeoutException
     * instead of the SaslAuthenticationException).
     */
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(10);

    /** The certificate's files and the users' client properties, made anew for each run. */
    private Path dir;

    private SelfSignedCertificate certificate;
    private EmbeddedKafkaBroker secured;

    private final Recorder recorder;

    SecurityChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    /** What the broker adds to the server.properties of step 1; ${...} is filled in for each run. */
    private static final String SERVER_SECURITY = """
            # Clients: TLS for privacy, then a SASL login with a SCRAM password.
            listener.security.protocol.map=CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
            ssl.keystore.location=${keystore}
            ssl.keystore.password=${password}
            ssl.keystore.type=PKCS12
            listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
            # The broker talks to itself and to other brokers over the CLIENT listener, logged in as admin...
            sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
            listener.name.client.scram-sha-512.sasl.jaas.config=\\
                org.apache.kafka.common.security.scram.ScramLoginModule required \\
                username="admin" password="admin-secret";
            # ...and as a TLS client of that listener, it must trust the brokers' certificate: a PEM file.
            ssl.truststore.location=${truststore}
            ssl.truststore.type=PEM
            # The controller's own listener: a fixed user and password (SASL PLAIN), known before any metadata.
            sasl.mechanism.controller.protocol=PLAIN
            listener.name.controller.sasl.enabled.mechanisms=PLAIN
            listener.name.controller.plain.sasl.jaas.config=\\
                org.apache.kafka.common.security.plain.PlainLoginModule required \\
                username="controller" password="controller-secret" user_controller="controller-secret";
            # Authorization: nothing is allowed without an ACL, except to the two super users.
            authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
            allow.everyone.if.no.acl.found=false
            super.users=User:admin;User:controller
            """;

    @BeforeAll
    void startASecuredBroker(@TempDir Path dir) throws Exception {
        this.dir = dir;
        certificate = SelfSignedCertificate.create(dir);
        Properties security = new Properties();
        security.load(new StringReader(SERVER_SECURITY
                .replace("${keystore}", certificate.keyStore().toString())
                .replace("${truststore}", certificate.trustStore().toString())
                .replace("${password}", certificate.password())));
        Map<String, String> settings = new HashMap<>();
        security.forEach((key, value) -> settings.put(key.toString(), value.toString()));
        // admin exists from the start, as kafka-storage.sh format --add-scram makes it
        secured = EmbeddedKafkaBroker.start(
                0, null, settings, List.of("SCRAM-SHA-512=[name=admin,password=admin-secret]"));
    }

    @AfterAll
    void stopIt() {
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the admin creates users and ACLs; alice, with her client properties, writes and reads sample")
    void aliceWritesAndReads() throws Exception {
        recorder.registerRunValue(certificate.keyStore().toString(), "/path/to/broker.keystore.p12");
        recorder.registerRunValue(certificate.trustStore().toString(), "/path/to/broker-certificate.pem");
        recorder.registerRunValue(certificate.password(), "<the store's password>");
        recorder.output(
                "server",
                SERVER_SECURITY
                        .replace("${keystore}", certificate.keyStore().toString())
                        .replace("${truststore}", certificate.trustStore().toString())
                        .replace("${password}", certificate.password()),
                "properties");
        Path aliceConfig = writeClientConfig("alice", "alice-secret");
        recorder.output("client-config", Files.readString(aliceConfig), "properties");

        Broker admin = Broker.at(secured.bootstrapServers(), writeClientConfig("admin", "admin-secret"));
        String acls = ProgramRun.run(SecureTheTopic.class, admin);
        recorder.output("acls", acls);
        assertEquals(
                List.of(
                        "User:alice ALLOW READ GROUP sample-readers",
                        "User:alice ALLOW READ TOPIC sample",
                        "User:alice ALLOW WRITE TOPIC sample",
                        "User:bob   ALLOW READ TOPIC sample"),
                acls.lines().toList(),
                "the program lists the four ACLs it created");

        Broker alice = Broker.at(secured.bootstrapServers(), aliceConfig); // her file, as the programs read it
        String wrote = ProgramRun.run(ProduceTheRecords.class, alice);
        Broker bob = Broker.at(secured.bootstrapServers(), writeClientConfig("bob", "bob-secret"));
        List<ConsumerRecord<String, String>> stored = readSample(bob);
        stored.forEach(r -> recorder.registerRunValue(String.valueOf(r.timestamp()), "<timestamp>"));
        recorder.output("alice-wrote", wrote);
        assertEquals(2, stored.size(), "bob may read sample, outside any group");
        ProgramRun reading = ProgramRun.start(ReadTheTopic.class, alice);
        reading.awaitPrinted("offset 1:");
        String read = reading.stop();
        recorder.output("alice-read", read);
        assertTrue(read.contains("offset 1: key message-two, value This is the Java client"), read);
    }

    @Test
    @Order(2)
    @DisplayName("refused: no login, a wrong password, bob writing, bob in alice's group")
    void refusals() throws Exception {
        List<List<Object>> rows = new ArrayList<>();

        // TLS only, no SASL login: the broker waits for a SASL handshake and drops the connection.
        Properties noLogin = new Properties();
        noLogin.putAll(tlsOnly());
        Throwable anonymous = adminError(noLogin, Duration.ofSeconds(1)); // it can only time out
        rows.add(row("TLS, no login", anonymous));

        Throwable wrongPassword = adminError(clientProperties("alice", "not-her-password"), REFUSED_WITHIN);
        rows.add(row("alice, wrong password", wrongPassword));

        Broker bob = Broker.at(secured.bootstrapServers(), writeClientConfig("bob", "bob-secret"));
        Properties producerProps = Fixtures.stringProducerProps(bob);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSED_WITHIN.toMillis());
        Throwable bobWrites = sendError(producerProps);
        rows.add(row("bob produces to sample", bobWrites));
        // Without idempotence the producer needs no cluster permission, and the refusal names the topic.
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        Throwable bobWritesPlainly = sendError(producerProps);
        rows.add(row("bob produces to sample, `enable.idempotence=false`", bobWritesPlainly));

        Properties consumerProps = Fixtures.stringConsumerProps(bob);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "sample-readers");
        Throwable bobInAlicesGroup;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("sample"));
            // poll() joins the group; the refusal comes from the first poll that reaches the coordinator.
            bobInAlicesGroup =
                    assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(30)));
        }
        rows.add(row("bob reads in the group `sample-readers`", bobInAlicesGroup));
        recorder.table("refused", List.of("who", "exception", "message"), rows);

        assertInstanceOf(SaslAuthenticationException.class, wrongPassword);
        assertInstanceOf(
                ClusterAuthorizationException.class, bobWrites, "an idempotent producer asks the cluster first");
        assertInstanceOf(TopicAuthorizationException.class, bobWritesPlainly);
        assertInstanceOf(TimeoutException.class, anonymous, "no login, no answer");
    }

    /** Why a send failed: from its future, or from send() itself once the producer already knows it may not. */
    private Throwable sendError(Properties producerProps) throws Exception {
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("sample", "bob was here")).get(30, TimeUnit.SECONDS);
            return fail("the broker stored bob's record");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (KafkaException e) { // "in an error state": the refusal that put it there is the cause
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private Throwable adminError(Properties props, Duration timeout) {
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            return assertThrows(
                            ExecutionException.class,
                            () -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .getCause();
        }
    }

    /** The records of sample, read without a group (assign), as one may who has READ on the topic alone. */
    private List<ConsumerRecord<String, String>> readSample(Broker broker) {
        Properties props = Fixtures.stringConsumerProps(broker);
        List<ConsumerRecord<String, String>> values = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Poll.until("the two records of sample", () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(values::add);
                return values.size() >= 2;
            });
        }
        return values;
    }

    /** The client side: the same settings any client or tool needs, kept in one properties file. */
    private Path writeClientConfig(String user, String password) throws Exception {
        Path file = dir.resolve(user + ".properties");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                "security.protocol=SASL_SSL",
                                "sasl.mechanism=SCRAM-SHA-512",
                                "sasl.jaas.config=" + scramLogin(user, password),
                                "ssl.truststore.location=" + certificate.trustStore(),
                                "ssl.truststore.type=PEM")
                        + "\n");
        return file;
    }

    private Properties clientProperties(String user, String password) throws Exception {
        Properties props = new Properties();
        props.putAll(Broker.at(secured.bootstrapServers(), writeClientConfig(user, password))
                .clientProperties());
        return props;
    }

    private Map<String, Object> tlsOnly() {
        return Map.of(
                "security.protocol",
                "SSL",
                "ssl.truststore.location",
                certificate.trustStore().toString(),
                "ssl.truststore.type",
                "PEM");
    }

    /** The login's value in a properties file, continued on a second line (a {@code \} at the end of the first). */
    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required \\\n    username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static List<Object> row(String who, Throwable error) {
        return List.of(who, "`" + error.getClass().getSimpleName() + "`", String.valueOf(error.getMessage()));
    }
}
