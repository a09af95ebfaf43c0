package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paste check needs no broker for these cases: each program fails (or passes) before it would talk to one,
 * and the address it is given is a port where nothing listens.
 */
class PasteCheckTest {

    private static final String NOWHERE = "127.0.0.1:1";
    private static final List<String> IMPORTS = List.of(
            "import java.util.Properties;",
            "import dev.hellokafka.harness.Broker;",
            "import static org.junit.jupiter.api.Assertions.assertThrows;",
            "import org.apache.kafka.clients.admin.Admin;",
            "import org.apache.kafka.clients.producer.KafkaProducer;",
            "import org.apache.kafka.clients.producer.Producer;",
            "import org.apache.kafka.clients.producer.ProducerConfig;",
            "import org.apache.kafka.common.serialization.StringSerializer;");
    private static final String GIVENS = """
            ```java
            String bootstrapServers = "localhost:9092";
            ```
            """;

    @TempDir
    Path dir;

    @Test
    void aPageThatKeepsTheContractCompilesAndRuns() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                Then a method, shown beside main:

                ```java
                static Properties producerProps(String bootstrapServers) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    return props;
                }
                ```

                ```java
                if (!bootstrapServers.equals("127.0.0.1:1")) {
                    throw new IllegalStateException("the check did not set the given: " + bootstrapServers);
                }
                try (Producer<String, String> producer = new KafkaProducer<>(producerProps(bootstrapServers))) {
                    System.out.println("a producer, made and closed");
                }
                ```
                """);

        assertEquals(List.of(), problems);
    }

    @Test
    void aMissingGivenFailsToCompile() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                Properties props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                System.out.println("writing to " + topic);
                ```
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(
                "docs/01-page.md, Java block 2, line 3: does not compile: cannot find symbol   symbol:   variable topic"
                        + "   location: class Page01page",
                problems.get(0).toString());
    }

    @Test
    void aCallIntoTheHarnessFailsToCompile() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                Properties props = Broker.at(bootstrapServers).clientProperties();
                ```
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .toString()
                        .startsWith("docs/01-page.md, Java block 2, line 1: does not compile: cannot find symbol"),
                problems.toString());
        assertTrue(problems.get(0).message().contains("variable Broker"), problems.toString());
    }

    @Test
    void propsWithoutBootstrapServersFailWhenTheProgramRuns() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                Properties props = new Properties();
                props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                try (Producer<String, String> producer = new KafkaProducer<>(props)) {
                    System.out.println("never printed");
                }
                ```
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(
                "docs/01-page.md, Java block 2, line 4: the program failed:"
                        + " org.apache.kafka.common.config.ConfigException: Missing required configuration"
                        + " \"bootstrap.servers\" which has no default value.",
                problems.get(0).toString());
    }

    @Test
    void anUnbalancedTryFailsToCompile() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                Properties props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                try (Admin admin = Admin.create(props)) {
                    admin.listTopics();
                ```
                """);

        assertTrue(!problems.isEmpty(), "an open try is reported");
        assertTrue(problems.get(0).toString().startsWith("docs/01-page.md, Java block 2"), problems.toString());
        assertTrue(problems.get(0).message().contains("reached end of file while parsing"), problems.toString());
    }

    @Test
    void aGivenDeclaredAfterTheFirstBlockIsNamed() {
        List<PasteCheck.Problem> problems = check("""
                ```java
                static String hello() {
                    return "hello";
                }
                ```

                ```java
                String bootstrapServers = "localhost:9092";
                ```
                """);

        assertEquals(
                List.of("docs/01-page.md, Java block 2: declares bootstrapServers, a given: givens belong in the"
                        + " page's first Java block"),
                problems.stream().map(PasteCheck.Problem::toString).toList());
    }

    @Test
    void testLibrariesAreNotOnTheClassPath() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                assertThrows(IllegalStateException.class, () -> { throw new IllegalStateException(); });
                ```
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("method assertThrows"), problems.toString());
    }

    @Test
    void aProgramThatDoesNotEndIsStoppedAtTheLimit() {
        List<PasteCheck.Problem> problems =
                new PasteCheck(Artifacts.ofThisJvm(), dir).check(page(GIVENS + """
                                ```java
                                new java.util.concurrent.CountDownLatch(1).await(); // waits for ever
                                ```
                                """), NOWHERE, Duration.ofSeconds(1));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .toString()
                        .startsWith(
                                "docs/01-page.md: the program did not finish within 1 s (where it was: Java block 2,"
                                        + " line 1, in "),
                problems.toString());
    }

    @Test
    void aBlockThatIsAClassOfItsOwnIsCompiledAsItsOwnFile() {
        // Pasted beside main, a class with a static field that makes a new instance of another page class would
        // not compile (an inner class needs an outer instance); as a file of its own, as a reader saves it, it does.
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                public class Publisher {
                    public String describe() {
                        return "a publisher";
                    }
                }
                ```

                ```java
                class PublisherUser {
                    static final Publisher PUBLISHER = new Publisher();
                }
                ```

                ```java
                System.out.println(new PublisherUser().PUBLISHER.describe());
                ```
                """);

        assertEquals(List.of(), problems);
    }

    @Test
    void aCompileErrorInAClassOfItsOwnNamesItsBlockAndLine() {
        List<PasteCheck.Problem> problems = check(GIVENS + """
                ```java
                class Broken {
                    void m() {
                        undeclared.run();
                    }
                }
                ```
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).toString().startsWith("docs/01-page.md, Java block 2, line 3: does not compile"),
                problems.toString());
    }

    @Test
    void staticClassesAndRecordsStayBesideMain() {
        PasteCheck check = new PasteCheck(Artifacts.ofThisJvm(), dir);

        assertEquals(java.util.Optional.of("Publisher"), check.classOfItsOwn("public class Publisher {}\n"));
        assertEquals(java.util.Optional.empty(), check.classOfItsOwn("static class Serde {}\n"));
        assertEquals(java.util.Optional.empty(), check.classOfItsOwn("record Order(String id) {}\n"));
        assertEquals(java.util.Optional.empty(), check.classOfItsOwn("static void m() {}\n"));
    }

    @Test
    void givensAreTheLiteralDeclarationsOfTheFirstBlock() {
        PasteCheck check = new PasteCheck(Artifacts.ofThisJvm(), dir);

        assertEquals(
                java.util.Map.of("bootstrapServers", "localhost:9092", "topic", "sample"),
                check.givens("String bootstrapServers = \"localhost:9092\"; // yours\nString topic = \"sample\";\n"));
        assertEquals(java.util.Map.of(), check.givens("Properties props = new Properties();\n"));
    }

    private List<PasteCheck.Problem> check(String markdown) {
        return new PasteCheck(Artifacts.ofThisJvm(), dir).check(page(markdown), NOWHERE, Duration.ofSeconds(30));
    }

    private static PasteCheck.Page page(String markdown) {
        return new PasteCheck.Page("docs/01-page.md", markdown, List.of("org.apache.kafka:kafka-clients"), IMPORTS);
    }
}
