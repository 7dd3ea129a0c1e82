package dev.revoke.bench.report;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of JMH's JSON result: a benchmark method at one parameter set and
 * thread count.
 *
 * @param benchmark full name, {@code dev.revoke.bench.ReadSideCost.OneThread.biased}
 * @param mode      JMH's mode name: avgt, thrpt, ss, sample
 * @param params    the {@code @Param} values, in JMH's order (empty if none)
 * @param score     primary metric
 * @param error     its 99.9% half-interval as JMH computes it; NaN with too few samples
 * @param unit      e.g. {@code ns/op}
 * @param samples   how many measurements went into the score
 * @param min       the fastest of those measurements
 * @param median    the 50th percentile of those measurements
 * @param max       the slowest of them (for single-shot latencies, the worst shot)
 */
record Result(String benchmark, String mode, int threads, int forks, Map<String, String> params,
              double score, double error, String unit, int samples, double min, double median, double max,
              String jdkVersion, String vmName, String vmVersion, String jmhVersion,
              int warmupIterations, String warmupTime, int measurementIterations, String measurementTime) {

    static final String PACKAGE = "dev.revoke.bench.";

    /** The name without the package: {@code ReadSideCost.OneThread.biased}. */
    String shortName() {
        return benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
    }

    /** The benchmark class's simple name, first segment after the package: {@code ReadSideCost}. */
    String question() {
        String n = shortName();
        int dot = n.indexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    /** The method name: {@code biased}. */
    String method() {
        String n = shortName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    String param(String name) {
        return params.get(name);
    }

    /** The score in nanoseconds per operation, for time units; NaN for throughput. */
    double nanos() {
        return score * nanosPer(unit);
    }

    double errorNanos() {
        return error * nanosPer(unit);
    }

    /** Iterations that differ by more than this factor mean something else competed for the CPU. */
    static final double UNSTEADY = 1.5;

    /** True if the slowest measurement was more than {@link #UNSTEADY} times the fastest. */
    boolean unsteady() {
        return samples > 1 && max / min > UNSTEADY;
    }

    /** "min–max unit" of the measurements. */
    String range() {
        return Report.fmt(min) + "–" + Report.fmt(max) + " " + unit;
    }

    static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> Double.NaN;
        };
    }

    static List<Result> load(Path json) throws IOException {
        return parse(Files.readString(json));
    }

    @SuppressWarnings("unchecked")
    static List<Result> parse(String json) {
        List<Result> out = new ArrayList<>();
        for (Object o : readList(json)) {
            Map<String, Object> m = (Map<String, Object>) o;
            Map<String, Object> pm = (Map<String, Object>) m.get("primaryMetric");
            Map<String, String> params = new LinkedHashMap<>();
            Object p = m.get("params");
            if (p instanceof Map<?, ?> pp) {
                pp.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            }
            int samples = 0;
            if (pm.get("rawData") instanceof List<?> forks) {
                for (Object f : forks) {
                    samples += ((List<?>) f).size();
                }
            }
            Map<String, Object> pct = pm.get("scorePercentiles") instanceof Map<?, ?> x
                    ? (Map<String, Object>) x : Map.of();
            out.add(new Result(
                    (String) m.get("benchmark"),
                    (String) m.get("mode"),
                    (int) number(m.get("threads")),
                    (int) number(m.get("forks")),
                    params,
                    number(pm.get("score")),
                    number(pm.get("scoreError")),
                    (String) pm.get("scoreUnit"),
                    samples,
                    number(pct.get("0.0")),
                    number(pct.get("50.0")),
                    number(pct.get("100.0")),
                    str(m.get("jdkVersion")),
                    str(m.get("vmName")),
                    str(m.get("vmVersion")),
                    str(m.get("jmhVersion")),
                    (int) number(m.get("warmupIterations")),
                    str(m.get("warmupTime")),
                    (int) number(m.get("measurementIterations")),
                    str(m.get("measurementTime"))));
        }
        return out;
    }

    private static List<Object> readList(String json) {
        try {
            return JSON.std.listFrom(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JMH JSON result file: " + e.getMessage(), e);
        }
    }

    /** A JSON number, or one of the strings JMH writes for non-finite values ("NaN"). */
    static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String str) {
            return switch (str) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(str);
            };
        }
        return Double.NaN;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
