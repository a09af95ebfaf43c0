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
                page.text().contains("**Programs need** `org.apache.kafka:kafka-clients:" + version + "`"),
                page.text());
        assertTrue(page.text().contains("(only compiled, as it needs a secured broker)"), page.text());
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
    void theIndexGetsADiagramOfTheParts() throws IOException {
        page(
                "README.md",
                "# Contents\n\ninclude::flowchart[]\n\npart::[The \"first\" part]\n\nchapter::[one]\n\n"
                        + "part::[More]\n\nchapter::[two]\n");
        page("one.md", "# One\n\ntext\n");
        page("two.md", "# Two\n\ntext\n");

        String index = renderer().render().get("README.md").text();

        assertTrue(
                index.contains(
                        "```mermaid\nflowchart LR\n    P1[\"Part 1<br>The 'first' part<br>about 1 min\"] --> P2\n"
                                + "    P2[\"Part 2<br>More<br>about 1 min\"]\n```"),
                index);
        assertTrue(
                index.contains("## Part 1 · The \"first\" part\n\nAbout 1 minute.\n\n1. [One](one.md) — what one"
                        + " teaches\n"),
                index);
    }

    @Test
    void readmesListOfThePartsIsWrittenFromThePageSources() throws IOException {
        page(
                "README.md",
                "# Contents\n\npart::[First]\n\nchapter::[one]\nchapter::[two]\n\npart::[Last]\n\n"
                        + "chapter::[three]\n");
        page("one.md", "# One\nsummary::[the first thing]\n\ntext\n");
        page("two.md", "# Two: more\nsummary::[the second, with `code`]\n\ntext\n");
        page("three.md", "# Three\n\ntext\n");
        PageRenderer pages = renderer();

        String readme = pages.withChapterList(
                "# Project\n\n<!-- chapters -->\n1. [Old](docs/old.md) — gone\n<!-- end of chapters -->\n\nmore\n",
                pages.render());

        assertEquals(
                "# Project\n\n<!-- chapters -->\n"
                        + "- **Part 1 · First**, about 2 minutes: [One](docs/one.md), [Two: more](docs/two.md)\n"
                        + "- **Part 2 · Last**, about 1 minute: [Three](docs/three.md)\n"
                        + "<!-- end of chapters -->\n\nmore\n",
                readme);
        var noMarkers =
                assertThrows(PageRenderer.PageException.class, () -> pages.withChapterList("# Project\n", Map.of()));
        assertTrue(noMarkers.getMessage().startsWith("README.md needs the lines"), noMarkers.getMessage());
    }

    @Test
    void eachPageStartsWithItsNavigationItsPartItsReadingTimeAndWhatItTeaches() throws IOException {
        page(
                "README.md",
                "# Contents\n\npart::[The post]\n\npage::[primer]\nchapter::[one]\n\npart::[After]\n\n"
                        + "chapter::[two]\n");
        page("primer.md", "# Kafka in brief\nsummary::[five words]\n\nsee [](one.md) and [Chapter](two.md)\n");
        page("one.md", "# One\nsummary::[the first thing]\n\nafter [](primer.md), before [](two.md)\n");
        page("two.md", "# Two\nsummary::[the second]\n\n" + "word ".repeat(400) + "\n");

        Map<String, PageRenderer.Page> pages = renderer().render();

        assertEquals(
                "[Contents](README.md) · [Step 1 · One](one.md) →\n\n# Kafka in brief\n"
                        + "> Part 1 · The post · about 1 minute · five words\n",
                top(pages.get("primer.md").text(), 4));
        assertTrue(pages.get("primer.md").text().contains("see [step 1](one.md) and [Chapter 2](two.md)"));
        assertEquals(
                "← [Kafka in brief](primer.md) · [Contents](README.md) · [Chapter 2 · Two](two.md) →\n\n"
                        + "# Step 1 · One\n> Part 1 · The post · about 1 minute · the first thing\n",
                top(pages.get("one.md").text(), 4));
        assertTrue(
                pages.get("one.md").text().contains("after [Kafka in brief](primer.md), before [chapter 2](two.md)"));
        assertTrue(pages.get("two.md").text().contains("> Part 2 · After · about 2 minutes · the second\n"));
        assertTrue(pages.get("two.md").text().endsWith("\n---\n\n← [Step 1 · One](one.md) · [Contents](README.md)\n"));
        assertTrue(
                pages.get("README.md").text().contains("- [Kafka in brief](primer.md) — five words\n1. [One](one.md)"),
                pages.get("README.md").text());
    }

    @Test
    void readingTimeCountsTextAndCodeButNotFoldsOrComments() {
        String words = "word ".repeat(300) + "\n";
        String code = "```java\n" + "x\n".repeat(60) + "```\n";
        assertEquals(2, PageRenderer.readingMinutes(words)); // 1.5 minutes of text
        assertEquals(3, PageRenderer.readingMinutes(words + code)); // and 1.5 of code
        assertEquals(
                2,
                PageRenderer.readingMinutes(words + "<details>\n<summary>more</summary>\n\n" + code + words
                        + "</details>\n<!-- " + words + " -->\n"));
        assertEquals(1, PageRenderer.readingMinutes("# Short\n"));
    }

    @Test
    void aChapterWithoutASummaryIsNamed() throws IOException {
        page("README.md", "# Contents\n\nchapter::[one]\n");
        Files.writeString(dir.resolve("pages/one.md"), "# One\n\ntext\n");

        var e = assertThrows(PageRenderer.PageException.class, () -> renderer().render());
        assertTrue(e.getMessage().startsWith("one.md: a page needs a line summary::["), e.getMessage());
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

        assertTrue(pages.get("README.md").contains("1. [One](one.md) — what one teaches\n2. [Two](two.md)"));
        assertTrue(pages.get("one.md").contains("# Chapter 1 · One\n"), pages.get("one.md"));
        assertTrue(pages.get("one.md").endsWith("[Contents](README.md) · [Chapter 2 · Two](two.md) →\n"));
        assertTrue(pages.get("two.md").endsWith("← [Chapter 1 · One](one.md) · [Contents](README.md)\n"));
        assertTrue(pages.get("two.md").contains("text with a link to [chapter 1](one.md#a-part)"), pages.get("two.md"));
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

    /**
     * Writes a page source. Every page needs a summary line; one written for a test about something else gets
     * "what (name) teaches" under its title.
     */
    private void page(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve("pages"));
        boolean needsSummary = !name.equals("README.md") && text.startsWith("# ") && !text.contains("summary::");
        String withSummary = needsSummary
                ? text.replaceFirst("\n", "\nsummary::[what " + name.replace(".md", "") + " teaches]\n")
                : text;
        Files.writeString(dir.resolve("pages").resolve(name), withSummary);
    }

    private PageRenderer renderer() {
        return new PageRenderer(
                dir.resolve("pages"),
                List.of(dir.resolve("src")),
                dir.resolve("src/programs"),
                dir.resolve("docs"),
                Artifacts.ofThisJvm(),
                new Recordings(),
                true);
    }

    /** The first lines of a page after the line that says it is generated. */
    private static String top(String page, int lines) {
        return page.lines().skip(1).limit(lines).map(l -> l + "\n").reduce("", String::concat);
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
