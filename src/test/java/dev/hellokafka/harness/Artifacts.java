package dev.hellokafka.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The jars a reader's Maven project gets for a few artifacts, such as {@code org.apache.kafka:kafka-clients}:
 * the artifact and its dependencies, followed through the POMs that Maven keeps beside each jar, and taken
 * from this build's own class path (so at the versions this build resolved). Only Maven's local repository
 * layout is understood ({@code group/as/dirs/artifact/version/artifact-version.jar}).
 */
final class Artifacts {

    /** Maven's scopes, as far as a reader's project sees them: what code compiles against, and what runs. */
    enum Scope {
        COMPILE,
        RUNTIME
    }

    private final List<Path> classPath;
    private final Map<String, List<Dependency>> pomCache = new ConcurrentHashMap<>();

    Artifacts(List<Path> classPath) {
        this.classPath = List.copyOf(classPath);
    }

    /**
     * The class path of this JVM, and the jars of the class loaders the code runs in: under {@code exec:java}
     * (the benchmark) the test class path is a class loader's, not {@code java.class.path}.
     */
    static Artifacts ofThisJvm() {
        List<Path> paths =
                new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                        .map(Path::of)
                        .toList());
        for (ClassLoader loader = Thread.currentThread().getContextClassLoader();
                loader != null;
                loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if (url.getProtocol().equals("file")) {
                        paths.add(Path.of(URI.create(url.toString())));
                    }
                }
            }
        }
        return new Artifacts(paths);
    }

    /** {@code group:artifact:version} for an artifact of this class path, e.g. for a page's dependency list. */
    String coordinates(String groupAndArtifact) {
        Path jar = jar(groupAndArtifact)
                .orElseThrow(() -> new IllegalArgumentException(groupAndArtifact + " is not on this build's class path"
                        + " (add it to pom.xml, or name an artifact the build has)"));
        return groupAndArtifact + ":" + jar.getParent().getFileName();
    }

    /**
     * The jars for these artifacts and everything they depend on in the given scope: {@code COMPILE} follows
     * compile-scope dependencies, {@code RUNTIME} compile- and runtime-scope ones, as Maven does.
     */
    List<Path> jars(List<String> groupAndArtifacts, Scope scope) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(groupAndArtifacts);
        List<Path> jars = new ArrayList<>();
        while (!todo.isEmpty()) {
            String ga = todo.removeFirst();
            if (!seen.add(ga)) {
                continue;
            }
            boolean root = groupAndArtifacts.contains(ga);
            Optional<Path> jar = jar(ga);
            if (jar.isEmpty()) {
                if (root) {
                    coordinates(ga); // throws, naming the artifact
                }
                continue; // an optional or excluded dependency this build does not have
            }
            jars.add(jar.get());
            for (Dependency d : dependencies(jar.get())) {
                if (!d.optional()
                        && (d.scope().equals("compile")
                                || scope == Scope.RUNTIME && d.scope().equals("runtime"))) {
                    todo.add(d.groupAndArtifact());
                }
            }
        }
        return jars;
    }

    private Optional<Path> jar(String groupAndArtifact) {
        String[] ga = groupAndArtifact.split(":");
        String dir = File.separator + ga[0].replace('.', File.separatorChar) + File.separator + ga[1] + File.separator;
        return classPath.stream()
                .filter(p -> p.toString().endsWith(".jar"))
                .filter(p ->
                        p.toString().contains(dir) && p.getFileName().toString().startsWith(ga[1] + "-"))
                .findFirst();
    }

    private record Dependency(String groupAndArtifact, String scope, boolean optional) {}

    /** The dependencies the POM beside this jar declares (not those it only manages). */
    private List<Dependency> dependencies(Path jar) {
        return pomCache.computeIfAbsent(jar.toString(), key -> {
            Path pom = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".pom"));
            if (!Files.exists(pom)) {
                return List.of();
            }
            Document doc = parse(pom);
            Element project = doc.getDocumentElement();
            String groupId = Optional.ofNullable(text(child(project, "groupId")))
                    .orElseGet(() -> text(child(child(project, "parent"), "groupId")));
            List<Dependency> list = new ArrayList<>();
            Element deps = child(project, "dependencies");
            if (deps == null) {
                return list;
            }
            for (Node n = deps.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element d && d.getTagName().equals("dependency")) {
                    String g = text(child(d, "groupId"))
                            .replace("${project.groupId}", groupId)
                            .replace("${pom.groupId}", groupId);
                    String scope = Optional.ofNullable(text(child(d, "scope"))).orElse("compile");
                    if (text(child(d, "classifier")) != null) {
                        continue; // native or test variants: not part of what a reader's project compiles against
                    }
                    list.add(new Dependency(
                            g + ":" + text(child(d, "artifactId")), scope, "true".equals(text(child(d, "optional")))));
                }
            }
            return list;
        });
    }

    private static Document parse(Path pom) {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }
}
