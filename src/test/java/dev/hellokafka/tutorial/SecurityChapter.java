package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that lets in only clients that prove who they are, over TLS, and then only to do what ACLs allow.
 * It is a broker of this step's own, in every mode: the walk's broker stays open. The passwords are example
 * values; the certificate and its store password are made anew for each run.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
class SecurityChapter {

    /**
     * How long a refused client may take to hear why: the broker refuses as soon as it has checked, but the TLS
     * handshake and the SCRAM exchange before that took over 2 s once on a busy machine (a TimeoutException
     * instead of the SaslAuthenticationException).
     */
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static SelfSignedCertificate certificate;
    static EmbeddedKafkaBroker secured;

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
            listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="admin-secret";
            # ...and as a TLS client of that listener, it must trust the brokers' certificate: a PEM file.
            ssl.truststore.location=${truststore}
            ssl.truststore.type=PEM
            # The controller's own listener: a fixed user and password (SASL PLAIN), known before any metadata.
            sasl.mechanism.controller.protocol=PLAIN
            listener.name.controller.sasl.enabled.mechanisms=PLAIN
            listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="controller-secret" user_controller="controller-secret";
            # Authorization: nothing is allowed without an ACL, except to the two super users.
            authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
            allow.everyone.if.no.acl.found=false
            super.users=User:admin;User:controller
            """;

    @BeforeAll
    static void startASecuredBroker() throws Exception {
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

        String bootstrapServers = secured.bootstrapServers();
        String adminConfig = writeClientConfig("admin", "admin-secret").toString();
        // tag::users-and-acls[]
        try (Admin admin = Admin.create(clientProps(bootstrapServers, adminConfig))) {
            ScramCredentialInfo scram = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192); // hash iterations
            admin.alterUserScramCredentials(List.of(
                            new UserScramCredentialUpsertion("alice", scram, "alice-secret"),
                            new UserScramCredentialUpsertion("bob", scram, "bob-secret")))
                    .all()
                    .get();
            admin.createTopics(List.of(new NewTopic("sample", 1, (short) 1)))
                    .all()
                    .get();

            ResourcePattern sample = new ResourcePattern(ResourceType.TOPIC, "sample", PatternType.LITERAL);
            ResourcePattern aliceGroup = new ResourcePattern(ResourceType.GROUP, "alice-group", PatternType.LITERAL);
            ResourcePattern bobGroup = new ResourcePattern(ResourceType.GROUP, "bob-group", PatternType.LITERAL);
            admin.createAcls(List.of(
                            new AclBinding(sample, allow("User:alice", AclOperation.WRITE)),
                            new AclBinding(sample, allow("User:alice", AclOperation.READ)),
                            new AclBinding(aliceGroup, allow("User:alice", AclOperation.READ)),
                            new AclBinding(sample, allow("User:bob", AclOperation.READ)),
                            new AclBinding(bobGroup, allow("User:bob", AclOperation.READ))))
                    .all()
                    .get();
        }
        // end::users-and-acls[]
    }

    // tag::client-props[]
    /** A client's settings: the broker's address, and the security settings kept in its properties file. */
    static Properties clientProps(String bootstrapServers, String configFile) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(configFile))) {
            props.load(in);
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    static AccessControlEntry allow(String principal, AclOperation operation) {
        return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW); // "*": from any host
    }
    // end::client-props[]

    @AfterAll
    static void stopIt() {
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("alice, with her client properties, writes and reads sample")
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
        String bootstrapServers = secured.bootstrapServers();
        String aliceConfig = writeClientConfig("alice", "alice-secret").toString();
        recorder.output("client-config", Files.readString(Path.of(aliceConfig)), "properties");

        // tag::alice[]
        Properties aliceProps = clientProps(bootstrapServers, aliceConfig);
        aliceProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        aliceProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Producer<String, String> producer = new KafkaProducer<>(aliceProps)) {
            producer.send(new ProducerRecord<>("sample", "Hello from alice")).get();
        }
        // end::alice[]
        Broker alice = Broker.at(bootstrapServers, Path.of(aliceConfig)); // reads the file like -Dkafka.client.config
        List<String> read = readSample(alice, "alice-group");
        Broker bob = Broker.at(secured.bootstrapServers(), writeClientConfig("bob", "bob-secret"));
        List<String> readByBob = readSample(bob, "bob-group");

        try (Admin admin = Admin.create(clientProperties("admin", "admin-secret"))) {
            List<List<Object>> rows = new ArrayList<>();
            admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).stream()
                    .sorted(Comparator.comparing(AclBinding::toString))
                    .forEach(acl -> rows.add(List.of(
                            acl.entry().principal(),
                            acl.entry().operation(),
                            acl.pattern().resourceType() + " `" + acl.pattern().name() + "`",
                            acl.entry().permissionType())));
            recorder.table("acls", List.of("principal", "operation", "resource", "permission"), rows);
        }
        recorder.output(
                "alice",
                "alice wrote to sample and read with alice-group: " + read + "\nbob read with bob-group: " + readByBob);
        assertEquals(List.of("Hello from alice"), read);
        assertEquals(List.of("Hello from alice"), readByBob, "bob may read");
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
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-group");
        Throwable bobInAlicesGroup;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("sample"));
            // poll() joins the group; the refusal comes from the first poll that reaches the coordinator.
            bobInAlicesGroup =
                    assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(30)));
        }
        rows.add(row("bob consumes in alice-group", bobInAlicesGroup));
        recorder.table("refused", List.of("who", "exception", "message"), rows);

        assertInstanceOf(SaslAuthenticationException.class, wrongPassword);
        assertInstanceOf(
                ClusterAuthorizationException.class, bobWrites, "an idempotent producer asks the cluster first");
        assertInstanceOf(TopicAuthorizationException.class, bobWritesPlainly);
        assertInstanceOf(TimeoutException.class, anonymous, "no login, no answer");
    }

    /** Why a send failed: from its future, or from send() itself once the producer already knows it may not. */
    private static Throwable sendError(Properties producerProps) throws Exception {
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("sample", "bob was here")).get(30, TimeUnit.SECONDS);
            return fail("the broker stored bob's record");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (KafkaException e) { // "in an error state": the refusal that put it there is the cause
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static Throwable adminError(Properties props, Duration timeout) {
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

    private static List<String> readSample(Broker broker, String group) {
        Properties props = Fixtures.stringConsumerProps(broker);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("sample"));
            Poll.until("a record of sample", () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }

    /** The client side: the same settings any client or tool needs, kept in one properties file. */
    private static Path writeClientConfig(String user, String password) throws Exception {
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

    private static Properties clientProperties(String user, String password) throws Exception {
        Properties props = new Properties();
        props.putAll(Broker.at(secured.bootstrapServers(), writeClientConfig(user, password))
                .clientProperties());
        return props;
    }

    private static Map<String, Object> tlsOnly() {
        return Map.of(
                "security.protocol",
                "SSL",
                "ssl.truststore.location",
                certificate.trustStore().toString(),
                "ssl.truststore.type",
                "PEM");
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static List<Object> row(String who, Throwable error) {
        return List.of(who, "`" + error.getClass().getSimpleName() + "`", String.valueOf(error.getMessage()));
    }
}
