package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageRendererTest {

    @TempDir
    Path dir;

    @Test
    void cutsTaggedCodeDedentedAndMarksWhereARegionReopens() throws IOException {
        source("Example", """
                class Example {
                    void run() {
                        // tag::hello[]
                        Properties props = new Properties();
                        // end::hello[]
                        props.putAll(secrets);
                        // tag::hello[]
                        try (Admin admin = Admin.create(props)) {
                            // tag::inner[]
                            admin.listTopics();
                            // end::inner[]
                        }
                        // end::hello[]
                    }
                }
                """);
        Map<String, String> pages = render(
                "# One\n\ninclude::dependencies[org.apache.kafka:kafka-clients]\n\ninclude::code[Example#hello]\n");

        assertEquals(
                """
                ```java
                Properties props = new Properties();
                // ...
                try (Admin admin = Admin.create(props)) {
                    admin.listTopics();
                }
                ```""",
                pages.get("01-one.md")
                        .lines()
                        .skip(5)
                        .limit(7)
                        .reduce((a, b) -> a + "\n" + b)
                        .orElseThrow());
    }

    @Test
    void aCutKeepsTheIndentationOfTheLinesItJoins() throws IOException {
        source("Example", """
                class Example {
                    void run() {
                        // tag::loop[]
                        for (int i = 0; i < 3; i++) {
                            send(i);
                            // end::loop[]
                            record(i);
                            // tag::loop[]
                        }
                        // end::loop[]
                    }
                }
                """);
        String page = render("# One\n\ninclude::dependencies[org.apache.kafka:kafka-clients]\n\n"
                        + "include::code[Example#loop]\n")
                .get("01-one.md");

        assertTrue(page.contains("for (int i = 0; i < 3; i++) {\n    send(i);\n    // ...\n}\n"), page);
    }

    @Test
    void dependenciesAreShownAtThisBuildsVersionsAndKeptForThePasteCheck() throws IOException {
        source(
                "Example",
                "import java.util.List;\nimport org.apache.kafka.clients.admin.Admin;\nclass Example {\n"
                        + "    // tag::t[]\n    int x = 1;\n    // end::t[]\n}\n");
        page("README.md", "# Contents\n\ninclude::chapters[]\n");
        page(
                "01-one.md",
                "# One\n\ninclude::dependencies[org.apache.kafka:kafka-clients]\n"
                        + "check::compile-only[it needs a secured broker]\n\ninclude::code[Example#t]\n");
        PageRenderer.Page page = new PageRenderer(
                        dir.resolve("pages"),
                        List.of(dir.resolve("src")),
                        Artifacts.ofThisJvm(),
                        new Recordings(),
                        true)
                .render()
                .get("01-one.md");

        String version = org.apache.kafka.common.utils.AppInfoParser.getVersion();
        assertTrue(page.text().contains("needs `org.apache.kafka:kafka-clients:" + version + "`"), page.text());
        assertTrue(page.text().contains("the walk does not run it, as it needs a secured broker"), page.text());
        assertTrue(!page.text().contains("check::"), page.text());
        assertEquals(List.of("org.apache.kafka:kafka-clients"), page.dependencies());
        assertEquals(List.of("import java.util.List;", "import org.apache.kafka.clients.admin.Admin;"), page.imports());
        assertEquals("it needs a secured broker", page.compileOnly());
    }

    @Test
    void mavenDependenciesAreWrittenAtThisBuildsVersionsInTheirScope() throws IOException {
        String version = org.apache.kafka.common.utils.AppInfoParser.getVersion();

        Map<String, String> pages = render("# One\n\ninclude::maven[test: org.apache.kafka:kafka-clients]\n");

        assertTrue(
                pages.get("01-one.md")
                        .contains("```xml\n<dependency>\n  <groupId>org.apache.kafka</groupId>\n"
                                + "  <artifactId>kafka-clients</artifactId>\n  <version>" + version + "</version>\n"
                                + "  <scope>test</scope>\n</dependency>\n```"),
                pages.get("01-one.md"));
        var noScope = assertThrows(
                PageRenderer.PageException.class,
                () -> render("# One\n\ninclude::maven[org.apache.kafka:kafka-clients]\n"));
        assertTrue(noScope.getMessage().contains("needs compile|test: group:artifact"), noScope.getMessage());
        var unknown = assertThrows(
                PageRenderer.PageException.class, () -> render("# One\n\ninclude::maven[test: org.example:nothing]\n"));
        assertTrue(
                unknown.getMessage().contains("org.example:nothing is not on this build's class path"),
                unknown.getMessage());
    }

    @Test
    void twoClassesWithOneSimpleNameFailNamingBoth() throws IOException {
        Files.createDirectories(dir.resolve("src/a"));
        Files.createDirectories(dir.resolve("src/b"));
        Files.writeString(dir.resolve("src/a/Twin.java"), "class Twin {}\n");
        Files.writeString(dir.resolve("src/b/Twin.java"), "class Twin {}\n");

        var e = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ntext\n"));

        assertTrue(e.getMessage().startsWith("two classes are named Twin.java"), e.getMessage());
        assertTrue(e.getMessage().contains("a/Twin.java") && e.getMessage().contains("b/Twin.java"), e.getMessage());
    }

    @Test
    void theIndexGetsAFlowchartOfTheChapters() throws IOException {
        page("02-two.md", "# Step 2 · Security: only some clients get in\n\ntext\n");
        page("03-three.md", "# Step 3 · Queues: share groups\n\ntext\n");
        page("README.md", "# Contents\n\ninclude::flowchart[]\n");
        page("01-one.md", "# Step 1 · Start \"here\"\n\ntext\n");

        String index = new PageRenderer(
                        dir.resolve("pages"),
                        List.of(dir.resolve("src")),
                        Artifacts.ofThisJvm(),
                        new Recordings(),
                        true)
                .render()
                .get("README.md")
                .text();

        assertTrue(
                index.contains("```mermaid\nflowchart LR\n    S1[\"1 · Start 'here'\"] --> S2\n"
                        + "    S2[\"2 · Security\"] --> S3\n    S3[\"3 · Queues: share groups\"]\n```"),
                index);
    }

    @Test
    void readmesListOfChaptersIsWrittenFromThePageSources() throws IOException {
        page("README.md", "# Contents\n\ninclude::chapters[]\n");
        page("01-one.md", "# Step 1 · One\nsummary::[the first thing]\n\ntext\n");
        page("02-two.md", "# Step 2 · Two: more\nsummary::[the second, with `code`]\n\ntext\n");
        PageRenderer pages = new PageRenderer(
                dir.resolve("pages"), List.of(dir.resolve("src")), Artifacts.ofThisJvm(), new Recordings(), true);

        String readme = pages.withChapterList(
                "# Project\n\n<!-- chapters -->\n1. [Old](docs/old.md) — gone\n<!-- end of chapters -->\n\nmore\n");

        assertEquals(
                "# Project\n\n<!-- chapters -->\n1. [One](docs/01-one.md) — the first thing\n"
                        + "2. [Two: more](docs/02-two.md) — the second, with `code`\n<!-- end of chapters -->\n\nmore\n",
                readme);
        assertEquals(
                "# Step 1 · One\n\ntext",
                pages.render()
                        .get("01-one.md")
                        .text()
                        .lines()
                        .skip(1)
                        .limit(3)
                        .reduce((a, b) -> a + "\n" + b)
                        .orElseThrow(),
                "the summary line is not on the page");
        var noMarkers = assertThrows(PageRenderer.PageException.class, () -> pages.withChapterList("# Project\n"));
        assertTrue(noMarkers.getMessage().startsWith("README.md needs the lines"), noMarkers.getMessage());
    }

    @Test
    void aChapterWithoutASummaryIsNamed() throws IOException {
        page("README.md", "# Contents\n\ninclude::chapters[]\n");
        page("01-one.md", "# Step 1 · One\n\ntext\n");
        PageRenderer pages = new PageRenderer(
                dir.resolve("pages"), List.of(dir.resolve("src")), Artifacts.ofThisJvm(), new Recordings(), true);

        var e = assertThrows(
                PageRenderer.PageException.class,
                () -> pages.withChapterList("<!-- chapters -->\n<!-- end of chapters -->\n"));
        assertTrue(e.getMessage().startsWith("01-one.md: a chapter needs a line summary::["), e.getMessage());
    }

    @Test
    void aPageWithJavaMustNameWhatItsCodeNeeds() throws IOException {
        source("Example", "class Example {\n    // tag::t[]\n    int x = 1;\n    // end::t[]\n}\n");
        var e = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ninclude::code[Example#t]\n"));
        assertTrue(
                e.getMessage().startsWith("01-one.md: a page with Java needs an include::dependencies"),
                e.getMessage());
    }

    @Test
    void indexListsTheChaptersAndEachChapterLinksItsNeighbours() throws IOException {
        page("02-two.md", "# Two\n\ntext\n");
        Map<String, String> pages = render("# One\n\ntext\n");

        assertTrue(pages.get("README.md").contains("1. [One](01-one.md)\n2. [Two](02-two.md)"));
        assertTrue(pages.get("01-one.md").endsWith("[Contents](README.md) · [Two](02-two.md) →\n"));
        assertTrue(pages.get("02-two.md").endsWith("← [One](01-one.md) · [Contents](README.md)\n"));
    }

    @Test
    void aMissingTagFailsNamingThePageAndTheTag() throws IOException {
        source("Example", "class Example {}\n");
        var e = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ninclude::code[Example#nope]\n"));
        assertEquals(
                "01-one.md: include::code[Example#nope] has no region between '// tag::nope[]'"
                        + " and '// end::nope[]' in Example.java",
                e.getMessage());
    }

    @Test
    void anOutputTheRunDidNotRecordFails() {
        var e = assertThrows(
                PageRenderer.PageException.class, () -> render("# One\n\ninclude::output[NoSuchStep#printed]\n"));
        assertTrue(e.getMessage()
                .startsWith("01-one.md: include::output[NoSuchStep#printed] is not among the walk's outputs"));
    }

    private Map<String, String> render(String firstChapter) throws IOException {
        page("README.md", "# Contents\n\ninclude::chapters[]\n");
        page("01-one.md", firstChapter);
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        new PageRenderer(
                        dir.resolve("pages"),
                        List.of(dir.resolve("src")),
                        Artifacts.ofThisJvm(),
                        new Recordings(),
                        true)
                .render()
                .forEach((file, page) -> texts.put(file, page.text()));
        return texts;
    }

    private void page(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve("pages"));
        Files.writeString(dir.resolve("pages").resolve(name), text);
    }

    private void source(String className, String text) throws IOException {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src").resolve(className + ".java"), text);
    }
}
