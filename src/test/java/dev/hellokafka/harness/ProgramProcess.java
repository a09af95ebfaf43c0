package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A chapter's program in a JVM of its own, started as a reader starts it: its {@code main}, the broker's address
 * as its argument, and a reader's class path (the programs' classes and kafka-clients with what it needs). For
 * what only a process shows: Ctrl-C as a signal and the exit code after it, and {@code kill -9}. Its standard
 * error (Kafka's logs, if any) is left out of what it printed.
 */
public final class ProgramProcess implements AutoCloseable {

    /** A program ends within this, and prints what it is waited for within it too. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final StringBuilder printed = new StringBuilder();
    private final Thread reader;

    /** A text on whose line the output's reader kills the program at once, or null. */
    private volatile String killOn;

    private ProgramProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            synchronized (printed) {
                                printed.append(line).append('\n');
                            }
                            String trigger = killOn;
                            if (trigger != null && line.contains(trigger)) {
                                process.destroyForcibly(); // SIGKILL, on the line itself
                            }
                        }
                    } catch (IOException e) {
                        // the process was killed: what it printed until then is kept
                    }
                },
                name + " output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the program against the broker at this address. */
    public static ProgramProcess start(Class<?> program, String bootstrapServers) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Flags that change no behaviour, only how much CPU a short-lived JVM spends on compiling and collecting.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator,
                readersClassPath().stream().map(Path::toString).toList()));
        command.add(program.getName());
        command.add(bootstrapServers);
        try {
            return new ProgramProcess(
                    program.getSimpleName(),
                    new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the program printed so far. */
    public String printed() {
        synchronized (printed) {
            return printed.toString();
        }
    }

    /** Waits until the program has printed this text, and returns what it printed so far. */
    public String awaitPrinted(String text) {
        Poll.until(name + " to print '" + text + "' (it printed: " + printed() + ")", () -> {
            if (!process.isAlive()) {
                reader.join(5_000);
                if (!printed().contains(text)) {
                    throw new AssertionError(name + " ended before it printed '" + text + "': " + printed());
                }
            }
            return printed().contains(text);
        });
        return printed();
    }

    /** Waits until the program has ended by itself, and returns its exit code. */
    public int awaitEnd() throws InterruptedException {
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not end within " + LIMIT.toSeconds() + " s: " + printed());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /**
     * Stops the program as Ctrl-C does, and returns its exit code: SIGINT, on which the JVM runs its shutdown hooks
     * and exits with 130. A process started by a background job ignores SIGINT, and so do its children, whatever
     * they do; then SIGTERM, on which the JVM does the same and exits with 143 ({@link #interruptedExitCode()}).
     */
    public int interrupt() throws InterruptedException {
        signal(SIGINT_IGNORED ? "-TERM" : "-INT");
        return awaitEnd();
    }

    /** The exit code of a program stopped by {@link #interrupt()}: 128 and the signal's number. */
    public static int interruptedExitCode() {
        return SIGINT_IGNORED ? 143 : 130;
    }

    /** Whether this JVM ignores SIGINT (Linux says so in /proc; elsewhere, it is taken not to). */
    private static final boolean SIGINT_IGNORED = sigintIgnored();

    private static boolean sigintIgnored() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("SigIgn:"))
                    .map(line ->
                            Long.parseLong(line.substring("SigIgn:".length()).trim(), 16))
                    .anyMatch(mask -> (mask & (1L << (2 - 1))) != 0); // SIGINT is signal 2
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Kills the program as {@code kill -9} does as soon as it prints a line holding this text: the output's reader
     * kills it on reading the line, so the program gets no further than a test polling for the line would let it.
     * Returns what it printed.
     */
    public String killWhenPrinted(String text) throws InterruptedException {
        killOn = text;
        if (printed().contains(text)) {
            process.destroyForcibly(); // printed before the trigger was set
        }
        awaitPrinted(text);
        return kill();
    }

    /** Kills the program as {@code kill -9} does (no shutdown hook runs, no client is closed); what it printed. */
    public String kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL
        awaitEnd();
        return printed();
    }

    private void signal(String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", signal, String.valueOf(process.pid()))
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The programs' classes, and kafka-clients with what it needs at run time: a reader's project. */
    private static List<Path> readersClassPath() {
        List<Path> paths = new ArrayList<>(List.of(PageWriter.base().resolve("target/classes")));
        paths.addAll(Artifacts.ofThisJvm().jars(List.of("org.apache.kafka:kafka-clients"), Artifacts.Scope.RUNTIME));
        return paths;
    }
}
