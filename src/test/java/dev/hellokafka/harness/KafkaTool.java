package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs one of Apache Kafka's command-line tools ({@code kafka-topics.sh} is {@code TopicCommand}, and so on)
 * inside this JVM, as its script would run it, and keeps what it printed.
 */
public final class KafkaTool {

    private KafkaTool() {}

    /** A tool's main method. */
    public interface Main {
        void run(String[] args) throws Exception;
    }

    /**
     * How wide a command may be on a page's line before it is broken, shell-style, between its arguments:
     * short of the 100 columns a page shows, for the run's values (a port, a topic's id) that the page replaces.
     */
    static final int COMMAND_WIDTH = 80;

    /** What a tool printed, and how it ended. */
    public record Result(String script, List<String> args, String in, String out, String err, int exitCode) {

        public Result {
            args = List.copyOf(args);
        }

        /** The command on one line. */
        public String command() {
            return String.join(
                    " ", Stream.concat(Stream.of(script), args.stream()).toList());
        }

        /**
         * The command as a reader would type it and can paste it: on one line if it fits in {@link
         * #COMMAND_WIDTH}, or else broken with {@code \} between arguments (an option stays with its value),
         * each line filled as far as that width allows, the lines after the first indented.
         */
        public List<String> commandLines() {
            if (2 + command().length() <= COMMAND_WIDTH) {
                return List.of("$ " + command());
            }
            List<String> words = new ArrayList<>(); // an option with its value, or an argument alone
            for (String arg : args) {
                String last = words.isEmpty() ? "" : words.get(words.size() - 1);
                if (last.startsWith("-") && !last.contains(" ") && !arg.startsWith("-")) {
                    words.set(words.size() - 1, last + " " + arg);
                } else {
                    words.add(arg);
                }
            }
            List<String> lines = new ArrayList<>();
            String line = "$ " + script;
            for (String word : words) {
                if ((line + " " + word + " \\").length() > COMMAND_WIDTH) {
                    lines.add(line + " \\");
                    line = "    " + word;
                } else {
                    line += " " + word;
                }
            }
            lines.add(line);
            return lines;
        }

        /** As a terminal would show it: the command, what was typed into it, and what it printed. */
        public String transcript() {
            List<String> lines = new ArrayList<>(commandLines());
            in.lines().forEach(lines::add);
            out.lines().forEach(lines::add);
            err.lines().forEach(lines::add);
            if (exitCode != 0) {
                lines.add("(exit status " + exitCode + ")");
            }
            return String.join("\n", lines);
        }
    }

    private static boolean isIn(ThreadGroup group) {
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            if (g == group) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tool's arguments, with {@code --command-config} naming a client properties file when the cluster
     * needs settings beyond its address (a secured external cluster), as a user of the tools would pass it.
     */
    private static String[] withClientConfig(Broker broker, String... args) {
        if (broker.securitySettings().isEmpty()) {
            return args;
        }
        try {
            Path file = Files.createTempFile("hello-kafka-client-", ".properties");
            file.toFile().deleteOnExit();
            Properties settings = new Properties();
            settings.putAll(broker.securitySettings());
            try (Writer out = Files.newBufferedWriter(file)) {
                settings.store(out, "the cluster's client settings, for the tools");
            }
            String[] withConfig = Arrays.copyOf(args, args.length + 2);
            withConfig[args.length] = "--command-config";
            withConfig[args.length + 1] = file.toString();
            return withConfig;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a tool against the broker, passing the cluster's client settings as a user of the tool would. */
    public static Result run(Broker broker, String script, Main main, String stdin, String... args) throws Exception {
        return run(script, main, stdin, withClientConfig(broker, args));
    }

    /**
     * Runs a tool's main class with {@code stdin} as its input, in a thread group of its own whose standard
     * streams are the tool's (other chapters keep printing to the console meanwhile). What the tool's own JVM
     * would do when it ends happens here when the call returns: its exit code is kept, and the shutdown hooks
     * it registered (the console producer flushes and closes its producer in one) run. One tool at a time:
     * Kafka's exit procedure is the JVM's.
     */
    public static synchronized Result run(String script, Main main, String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> exitCodes = new ArrayList<>();
        List<Runnable> shutdownHooks = new ArrayList<>();
        Exception[] failure = new Exception[1];
        ThreadGroup group = new ThreadGroup(script);
        Thread tool = new Thread(
                group,
                () -> {
                    try {
                        main.run(args);
                        shutdownHooks.forEach(Runnable::run);
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                },
                script);
        // Kafka's exit procedure and shutdown hooks are the JVM's: only the tool's own threads are caught here,
        // a chapter running meanwhile (a Connect worker adds a hook as it starts) keeps Kafka's behaviour.
        Exit.setExitProcedure((code, message) -> {
            if (isIn(group)) {
                exitCodes.add(code);
            } else {
                System.exit(code);
            }
        });
        Exit.setShutdownHookAdder((name, hook) -> {
            if (isIn(group)) {
                shutdownHooks.add(hook);
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(hook, name == null ? "shutdown-hook" : name));
            }
        });
        ThreadStreams.capture(group, out, err, new ByteArrayInputStream(stdin.getBytes(UTF_8)));
        try {
            tool.start();
            tool.join();
        } finally {
            ThreadStreams.release(group);
            Exit.resetExitProcedure();
            Exit.resetShutdownHookAdder();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Result(
                script,
                List.of(args),
                stdin,
                out.toString(UTF_8),
                err.toString(UTF_8),
                exitCodes.isEmpty() ? 0 : exitCodes.get(0));
    }
}
