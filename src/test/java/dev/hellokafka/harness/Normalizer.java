package dev.hellokafka.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the values this run made (its broker's address and cluster id, and whatever a step registers: a
 * topic id, a time, a name with a random part) with stable placeholders, so that two runs write byte-identical
 * pages. Values are replaced because the run knows them, never because of their shape: shapes only serve
 * {@link #suspects}, a safety net that names what looks like a run's value but was not registered.
 */
final class Normalizer {

    /** Kafka's ids (Uuid.toString()): 16 bytes in URL-safe base64, so 22 characters, the last one A, Q, g or w. */
    private static final Pattern KAFKA_ID =
            Pattern.compile("(?<![\\w-])(?=[\\w-]*[0-9A-Z])[A-Za-z0-9_-]{21}[AQgw](?![\\w-])");

    private static final Pattern UUID =
            Pattern.compile("\\b\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}\\b");
    /** A port the operating system handed out (Linux's ephemeral range) on this machine's loopback. */
    private static final Pattern LOCAL_EPHEMERAL_PORT =
            Pattern.compile("\\b(?:127\\.0\\.0\\.1|localhost):(?:3[2-9]\\d{3}|[45]\\d{4}|60\\d{3})\\b");

    private static final Pattern EPOCH_MILLIS = Pattern.compile("(?<![\\d.])\\d{13}(?![\\d.])");
    private static final Pattern TEMPORARY_DIRECTORY = Pattern.compile("/tmp/(?:hello-kafka-|junit)\\d+\\S*");

    private final Map<String, String> knownValues = new ConcurrentHashMap<>();
    private final long runStartedMillis = System.currentTimeMillis();

    /** @param knownValues values of this run to replace, each by its placeholder (e.g. the cluster id) */
    Normalizer(Map<String, String> knownValues) {
        this.knownValues.putAll(knownValues);
    }

    /**
     * A normalizer for one step: it knows this one's values, and what the step registers stays its own, so that
     * chapters running side by side cannot change each other's pages.
     */
    Normalizer forOneStep() {
        return new Normalizer(knownValues);
    }

    /** A value this run made (an id, a time), to be replaced by its placeholder wherever it reaches a page. */
    void register(String value, String placeholder) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty value cannot be replaced");
        }
        knownValues.put(value, placeholder);
    }

    String normalize(String text) {
        String result = text.replace("\r\n", "\n").replaceAll("(?m)[ \t]+$", "").stripTrailing();
        // One pass, trying the registered values' lengths longest first at each position: a registered address
        // wins over a registered port inside it, and ten thousand values cost no more than a few.
        int[] lengths = knownValues.keySet().stream()
                .mapToInt(String::length)
                .distinct()
                .sorted()
                .toArray();
        StringBuilder out = new StringBuilder(result.length());
        int i = 0;
        scan:
        while (i < result.length()) {
            for (int l = lengths.length - 1; l >= 0; l--) {
                int end = i + lengths[l];
                if (end <= result.length()) {
                    String placeholder = knownValues.get(result.substring(i, end));
                    if (placeholder != null) {
                        out.append(placeholder);
                        i = end;
                        continue scan;
                    }
                }
            }
            out.append(result.charAt(i++));
        }
        return out.toString();
    }

    /**
     * What in this already normalized text looks like a value of this run: a Kafka id, a random UUID, a port of
     * the ephemeral range, a temporary directory, or a time within a day of the run. Each one means a step
     * printed a value it did not register.
     */
    List<String> suspects(String normalized) {
        List<String> found = new ArrayList<>();
        for (Pattern shape : List.of(KAFKA_ID, UUID, LOCAL_EPHEMERAL_PORT, TEMPORARY_DIRECTORY)) {
            Matcher m = shape.matcher(normalized);
            while (m.find()) {
                found.add(m.group());
            }
        }
        long day = Duration.ofDays(1).toMillis();
        Matcher millis = EPOCH_MILLIS.matcher(normalized);
        while (millis.find()) {
            long value = Long.parseLong(millis.group());
            if (value > runStartedMillis - day && value < System.currentTimeMillis() + day) {
                found.add(millis.group());
            }
        }
        return found;
    }
}
