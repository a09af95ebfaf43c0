package dev.hellokafka.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What this JVM has spent on classes and on compiling so far, from HotSpot's own counters as {@code jcmd <pid>
 * PerfCounter.print} shows them: where a fresh JVM's time goes besides Kafka's own work.
 */
final class JvmCounters {

    /** The key FreshJvm puts them under; a map, or the reason they could not be read. */
    static final String KEY = "jvm";

    private JvmCounters() {}

    /** This JVM's counters, or {@code {"unavailable": reason}}. */
    static Map<String, Object> ofThisJvm() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Map.of("unavailable", "no jcmd in " + jcmd.getParent() + " (a JRE, not a JDK?)");
        }
        try {
            Process process = new ProcessBuilder(
                            jcmd.toString(),
                            String.valueOf(ProcessHandle.current().pid()),
                            "PerfCounter.print")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Map.of("unavailable", "jcmd PerfCounter.print failed: " + out.strip());
            }
            Map<String, Object> counters = parse(out);
            counters.put(
                    "jit_compiling_s", ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3);
            return counters;
        } catch (Exception e) {
            return Map.of("unavailable", "jcmd PerfCounter.print: " + e);
        }
    }

    /**
     * The figures the benchmark reports, from jcmd's {@code name=value} lines: classes loaded, and the time all
     * threads spent loading, linking and initialising classes (summed over threads), of it verifying, in seconds.
     *
     * @throws IllegalArgumentException when a counter is missing
     */
    static Map<String, Object> parse(String perfCounters) {
        Map<String, String> values = new LinkedHashMap<>();
        perfCounters.lines().map(String::strip).forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        });
        double ticksPerSecond = number(values, "sun.os.hrt.frequency");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("classes_loaded", (long) number(values, "java.cls.loadedClasses"));
        figures.put("class_loading_s", number(values, "sun.cls.time") / ticksPerSecond);
        figures.put("verifying_s", number(values, "sun.cls.classVerifyTime") / ticksPerSecond);
        return figures;
    }

    private static double number(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name + " in jcmd PerfCounter.print's output");
        }
        return Double.parseDouble(value);
    }
}
