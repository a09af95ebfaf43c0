package dev.hellokafka.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what changes from run to run (ports, ids, times) with stable placeholders, so that two runs write
 * byte-identical pages. Everything else in an output is left exactly as the run printed it.
 */
final class Normalizer {

    private static final Map<Pattern, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put(Pattern.compile("\\b(?:127\\.0\\.0\\.1|localhost):\\d{2,5}\\b"), "localhost:<port>");
        RULES.put(
                Pattern.compile("\\b\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}\\b"),
                "<uuid>");
        // Kafka's own ids (topic ids, cluster ids): 22 characters of URL-safe base64 with letters and digits.
        RULES.put(
                Pattern.compile("(?<![\\w-])(?=[\\w-]*\\d)(?=[\\w-]*[A-Z])(?=[\\w-]*[a-z])[\\w-]{22}(?![\\w-])"),
                "<id>");
        RULES.put(Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z"), "<time>");
        // Epoch milliseconds between 2020 and 2040.
        RULES.put(Pattern.compile("\\b(?:1[6-9]|2[0-1])\\d{11}\\b"), "<timestamp>");
        RULES.put(Pattern.compile("\\S*/hello-kafka-\\d+\\S*"), "<data-dir>");
    }

    private final Map<String, String> knownValues = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param knownValues values of this run to replace first, each by its placeholder (e.g. the cluster id) */
    Normalizer(Map<String, String> knownValues) {
        this.knownValues.putAll(knownValues);
    }

    /** A value this run made (an id, a time), to be replaced by its placeholder wherever it reaches a page. */
    void register(String value, String placeholder) {
        knownValues.put(value, placeholder);
    }

    String normalize(String text) {
        String result = text.replace("\r\n", "\n").replaceAll("(?m)[ \t]+$", "").stripTrailing();
        for (Map.Entry<String, String> known : knownValues.entrySet()) {
            result = result.replace(known.getKey(), known.getValue());
        }
        for (Map.Entry<Pattern, String> rule : RULES.entrySet()) {
            result = rule.getKey().matcher(result).replaceAll(Matcher.quoteReplacement(rule.getValue()));
        }
        return result;
    }
}
