package dev.hellokafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What the steps of a walk recorded for their pages, by step and name. A walk keeps them in memory while it runs
 * and saves them under {@code target/walk/}, a directory per step and a file per output ({@code sent.text}, a
 * table as {@code rows.md}, and beside an output its unregistered run values, {@code sent.suspects}), from which
 * the docs are rendered without running anything again.
 */
final class Recordings {

    static final String TABLE = "md";
    private static final String SUSPECTS = "suspects";

    private final Map<String, Map<String, Recorder.Snippet>> byStep = new ConcurrentHashMap<>();

    void put(String step, String name, Recorder.Snippet snippet) {
        byStep.computeIfAbsent(step, s -> new ConcurrentHashMap<>()).put(name, snippet);
    }

    /** The output recorded as {@code Step#name}, if any. */
    Optional<Recorder.Snippet> get(String reference) {
        int hash = reference.indexOf('#');
        if (hash < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                byStep.getOrDefault(reference.substring(0, hash), Map.of()).get(reference.substring(hash + 1)));
    }

    Set<String> steps() {
        return byStep.keySet();
    }

    /**
     * Saves what these steps recorded into {@code dir}, each step's directory made anew (an output a step no longer
     * records must not outlive it); the other steps' directories, from earlier walks, stay.
     */
    void save(Path dir, Set<String> steps) {
        try {
            for (String step : steps) {
                Path stepDir = dir.resolve(step);
                deleteRecursively(stepDir);
                Files.createDirectories(stepDir);
                for (Map.Entry<String, Recorder.Snippet> output :
                        byStep.getOrDefault(step, Map.of()).entrySet()) {
                    Recorder.Snippet snippet = output.getValue();
                    String kind = snippet.markdown() ? TABLE : snippet.language();
                    Files.writeString(stepDir.resolve(output.getKey() + "." + kind), snippet.text());
                    if (!snippet.suspects().isEmpty()) {
                        Files.writeString(
                                stepDir.resolve(output.getKey() + "." + SUSPECTS),
                                String.join("\n", snippet.suspects()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What earlier walks saved in {@code dir}; empty when none did. */
    static Recordings load(Path dir) {
        Recordings recordings = new Recordings();
        if (!Files.isDirectory(dir)) {
            return recordings;
        }
        try (Stream<Path> stepDirs = Files.list(dir)) {
            for (Path stepDir : stepDirs.filter(Files::isDirectory).toList()) {
                Map<String, Path> outputs = new TreeMap<>();
                try (Stream<Path> files = Files.list(stepDir)) {
                    files.forEach(file -> outputs.put(file.getFileName().toString(), file));
                }
                for (Map.Entry<String, Path> file : outputs.entrySet()) {
                    String fileName = file.getKey();
                    int dot = fileName.lastIndexOf('.');
                    String name = fileName.substring(0, dot);
                    String kind = fileName.substring(dot + 1);
                    if (kind.equals(SUSPECTS)) {
                        continue;
                    }
                    Path suspects = stepDir.resolve(name + "." + SUSPECTS);
                    List<String> unregistered = Files.exists(suspects)
                            ? Files.readString(suspects).lines().toList()
                            : List.of();
                    String text = Files.readString(file.getValue());
                    recordings.put(
                            stepDir.getFileName().toString(),
                            name,
                            kind.equals(TABLE)
                                    ? new Recorder.Snippet(true, text, null, unregistered)
                                    : new Recorder.Snippet(false, text, kind, unregistered));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return recordings;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(file);
            }
        }
    }
}
