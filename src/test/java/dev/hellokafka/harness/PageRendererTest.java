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
    void aProgramIsShownWholeOrByANamedMethodAndLinkedToItsFile() throws IOException {
        program("Hello", """
                package programs;

                /** Says hello. */
                public final class Hello {

                    /** The greeting. */
                    static String greeting() {
                        return "Hello";
                    }

                    public static void main(String[] args) {
                        System.out.println(greeting());
                    }
                }
                """);
        String page = render("# One\n\ninclude::dependencies[org.apache.kafka:kafka-clients]\n\n"
                        + "include::program[Hello]\n\ninclude::code[Hello#greeting]\n\ninclude::run[Hello]\n")
                .get("one.md");

        String link = "[`Hello.java`](../src/programs/Hello.java)";
        assertTrue(page.contains(link + "\n\n```java\npackage programs;\n"), page);
        assertTrue(page.contains("        System.out.println(greeting());\n    }\n}\n```"), page);
        assertTrue(
                page.contains(
                        "```java\n/** The greeting. */\nstatic String greeting() {\n    return \"Hello\";\n}\n```\n\n"
                                + link),
                page);
        assertTrue(page.contains("```bash\n./mvnw -q compile exec:java -Dprogram=Hello\n```"), page);
    }

    @Test
    void javaComesOnlyFromProgramsAndFiles() throws IOException {
        source("Helper", "class Helper {\n    int x = 1;\n}\n");
        program("Hello", "public final class Hello {}\n");

        var written =
                assertThrows(PageRenderer.PageException.class, () -> render("# One\n\n```java\nint x = 1;\n```\n"));
        assertTrue(written.getMessage().startsWith("one.md: a Java block written in the page"), written.getMessage());
        var notAProgram =
                assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ninclude::code[Helper#x]\n"));
        assertEquals("one.md: include::code[Helper] names no program in programs/", notAProgram.getMessage());
        var noSuchMember =
                assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ninclude::code[Hello#nope]\n"));
        assertEquals(
                "one.md: include::code[Hello#nope]: Hello.java declares no method, field or type named nope",
                noSuchMember.getMessage());
    }

    @Test
    void dependenciesAreShownAtThisBuildsVersionsAndKeptForTheProgramCheck() throws IOException {
        program("Example", "public final class Example {}\n");
        page("README.md", "# Contents\n\nchapter::[one]\n");
        page(
                "one.md",
                "# One\n\ninclude::dependencies[org.apache.kafka:kafka-clients]\n"
                        + "check::compile-only[it needs a secured broker]\n\ninclude::program[Example]\n");
        PageRenderer.Page page = new PageRenderer(
                        dir.resolve("pages"),
                        List.of(dir.resolve("src")),
                        dir.resolve("src/programs"),
                        dir.resolve("docs"),
                        Artifacts.ofThisJvm(),
                        new Recordings(),
                        true)
                .render()
                .get("one.md");

        String version = org.apache.kafka.common.utils.AppInfoParser.getVersion();
        assertTrue(
                page.text()
                        .contains(
                                "**The programs on this page** need `org.apache.kafka:kafka-clients:" + version + "`"),
                page.text());
        assertTrue(page.text().contains("and does not run it, as it needs a secured broker"), page.text());
        assertTrue(!page.text().contains("check::"), page.text());
        assertEquals(List.of("org.apache.kafka:kafka-clients"), page.dependencies());
        assertEquals(List.of("Example"), page.programs());
        assertEquals("it needs a secured broker", page.compileOnly());
    }

    @Test
    void mavenDependenciesAreWrittenAtThisBuildsVersionsInTheirScope() throws IOException {
        String version = org.apache.kafka.common.utils.AppInfoParser.getVersion();

        Map<String, String> pages = render("# One\n\ninclude::maven[test: org.apache.kafka:kafka-clients]\n");

        assertTrue(
                pages.get("one.md")
                        .contains("```xml\n<dependency>\n  <groupId>org.apache.kafka</groupId>\n"
                                + "  <artifactId>kafka-clients</artifactId>\n  <version>" + version + "</version>\n"
                                + "  <scope>test</scope>\n</dependency>\n```"),
                pages.get("one.md"));
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
        page("two.md", "# Security: only some clients get in\n\ntext\n");
        page("three.md", "# Queues: share groups\n\ntext\n");
        page("README.md", "# Contents\n\ninclude::flowchart[]\n\nchapter::[one]\nchapter::[two]\nchapter::[three]\n");
        page("one.md", "# Start \"here\"\n\ntext\n");

        String index = new PageRenderer(
                        dir.resolve("pages"),
                        List.of(dir.resolve("src")),
                        dir.resolve("src/programs"),
                        dir.resolve("docs"),
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
        page("README.md", "# Contents\n\nchapter::[one]\nchapter::[two]\n");
        page("one.md", "# One\nsummary::[the first thing]\n\ntext\n");
        page("two.md", "# Two: more\nsummary::[the second, with `code`]\n\ntext\n");
        PageRenderer pages = new PageRenderer(
                dir.resolve("pages"),
                List.of(dir.resolve("src")),
                dir.resolve("src/programs"),
                dir.resolve("docs"),
                Artifacts.ofThisJvm(),
                new Recordings(),
                true);

        String readme = pages.withChapterList(
                "# Project\n\n<!-- chapters -->\n1. [Old](docs/old.md) — gone\n<!-- end of chapters -->\n\nmore\n");

        assertEquals(
                "# Project\n\n<!-- chapters -->\n1. [One](docs/one.md) — the first thing\n"
                        + "2. [Two: more](docs/two.md) — the second, with `code`\n<!-- end of chapters -->\n\nmore\n",
                readme);
        assertEquals(
                "# Step 1 · One\n\ntext",
                pages.render()
                        .get("one.md")
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
        page("README.md", "# Contents\n\nchapter::[one]\n");
        page("one.md", "# One\n\ntext\n");
        PageRenderer pages = new PageRenderer(
                dir.resolve("pages"),
                List.of(dir.resolve("src")),
                dir.resolve("src/programs"),
                dir.resolve("docs"),
                Artifacts.ofThisJvm(),
                new Recordings(),
                true);

        var e = assertThrows(
                PageRenderer.PageException.class,
                () -> pages.withChapterList("<!-- chapters -->\n<!-- end of chapters -->\n"));
        assertTrue(e.getMessage().startsWith("one.md: a chapter needs a line summary::["), e.getMessage());
    }

    @Test
    void aPageWithJavaMustNameWhatItsCodeNeeds() throws IOException {
        program("Example", "public final class Example {}\n");
        var e = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ninclude::program[Example]\n"));
        assertTrue(
                e.getMessage().startsWith("one.md: a page with Java needs an include::dependencies"), e.getMessage());
    }

    @Test
    void indexListsTheChaptersAndEachChapterLinksItsNeighbours() throws IOException {
        page("two.md", "# Two\n\ntext with a link to [](one.md#a-part)\n");
        Map<String, String> pages = render("# One\n\ntext\n", "one", "two");

        assertTrue(pages.get("README.md").contains("1. [Step 1 · One](one.md)\n2. [Step 2 · Two](two.md)"));
        assertTrue(pages.get("one.md").contains("# Step 1 · One\n"), pages.get("one.md"));
        assertTrue(pages.get("one.md").endsWith("[Contents](README.md) · [Step 2 · Two](two.md) →\n"));
        assertTrue(pages.get("two.md").endsWith("← [Step 1 · One](one.md) · [Contents](README.md)\n"));
        assertTrue(pages.get("two.md").contains("text with a link to [step 1](one.md#a-part)"), pages.get("two.md"));
    }

    @Test
    void anOutputTheRunDidNotRecordFails() {
        var e = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ninclude::output[printed]\n"));
        assertTrue(
                e.getMessage().startsWith("one.md: include::output[printed] is not among the walk's outputs"),
                e.getMessage());
    }

    @Test
    void aLinkToNoPageAndAPageNoChapterListsFail() throws IOException {
        var link = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\nsee [](nothing-here.md)\n"));
        assertTrue(
                link.getMessage().startsWith("one.md: the link [](nothing-here.md) goes to no page"),
                link.getMessage());
        page("stray.md", "# Stray\n");
        var stray = assertThrows(PageRenderer.PageException.class, () -> render("# One\n\ntext\n"));
        assertTrue(stray.getMessage().startsWith("[stray.md]: no chapter::[name] line"), stray.getMessage());
    }

    private Map<String, String> render(String firstChapter) throws IOException {
        return render(firstChapter, "one");
    }

    /** Renders the pages of these chapters, the first of them with this source; the others are already written. */
    private Map<String, String> render(String firstChapter, String... chapters) throws IOException {
        page(
                "README.md",
                "# Contents\n\n"
                        + String.join(
                                "\n",
                                java.util.Arrays.stream(chapters)
                                        .map(c -> "chapter::[" + c + "]")
                                        .toList()) + "\n");
        page("one.md", firstChapter);
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        new PageRenderer(
                        dir.resolve("pages"),
                        List.of(dir.resolve("src")),
                        dir.resolve("src/programs"),
                        dir.resolve("docs"),
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

    private void program(String className, String text) throws IOException {
        Files.createDirectories(dir.resolve("src/programs"));
        Files.writeString(dir.resolve("src/programs").resolve(className + ".java"), text);
    }

    private void source(String className, String text) throws IOException {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src").resolve(className + ".java"), text);
    }
}
