package dev.revoke.bench.report;

import org.jfree.data.category.DefaultCategoryDataset;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns one JMH JSON result file into {@code docs/benchmarks.md} and the PNG
 * charts beside it. Every ratio the targets ask for is computed here from
 * that one file, so the tables, the charts and the verdicts always describe
 * the same run.
 *
 * <pre>
 * Report --json bench/results/quick.json --md docs/benchmarks.md --img docs/img
 *        [--env bench/results/quick.env] [--notes bench/analysis.md]
 * </pre>
 *
 * The env file ({@code key=value}, written by {@code bench/run} when it ran
 * the benchmarks) names the machine, JDK and date the figures came from; the
 * notes file, if present, is hand-written analysis included verbatim.
 */
public final class Report {
    static final String READ = "ReadSideCost";
    static final String LATENCY = "RevokeLatency";
    static final String ERRNO = "ErrnoCapture";
    static final String UNBIND = "Unbind";
    /** Question 3 (syscall-layer read vs raw Panama vs FileChannel) is added later; any class not listed here lands in "Other benchmarks". */
    static final Set<String> KNOWN = Set.of(READ, LATENCY, ERRNO, UNBIND);

    /** Question 1's designs, in the order of the tables and the chart. */
    static final Map<String, String> DESIGNS = new LinkedHashMap<>();
    static {
        DESIGNS.put("baseline_bareCall", "bare call (baseline)");
        DESIGNS.put("baseline_getAndAddPair", "getAndAdd +1/-1 pair (baseline)");
        DESIGNS.put("baseline_fullFence", "one full fence (baseline)");
        DESIGNS.put("nonRevokable", "non-revokable file (null check)");
        DESIGNS.put("biased", "biased counter");
        DESIGNS.put("striped", "striped counter");
        DESIGNS.put("rwLock", "ReentrantReadWriteLock read");
        DESIGNS.put("stampedLock", "StampedLock read");
        DESIGNS.put("globalMutex", "global mutex (misc_sync)");
        DESIGNS.put("srcuIndexInHandle", "SRCU, index in shared handle (B1)");
    }

    enum Verdict { MET, MISSED, NOT_MEASURED, CONTROL }

    /** A single shot slower than this many medians is marked as an outlier. */
    static final double OUTLIER_SHOT = 3;

    record Target(String target, String measured, String threshold, Verdict verdict, String detail) {
    }

    private final List<Result> results;
    private final Properties env;
    private final String notes;

    Report(List<Result> results, Properties env, String notes) {
        this.results = results;
        this.env = env;
        this.notes = notes;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("json")) {
            usage("need --json FILE");
        }
        Path json = Path.of(a.get("json"));
        Path md = Path.of(a.getOrDefault("md", "docs/benchmarks.md"));
        Path img = Path.of(a.getOrDefault("img", "docs/img"));
        Path envFile = Path.of(a.getOrDefault("env", json.toString().replaceFirst("\\.json$", "") + ".env"));
        Properties env = new Properties();
        if (Files.exists(envFile)) {
            try (Reader r = Files.newBufferedReader(envFile)) {
                env.load(r);
            }
        }
        env.putIfAbsent("results", json.toString());
        // Without bench/run's env file the best date there is: when JMH wrote the results.
        env.putIfAbsent("date", Files.getLastModifiedTime(json).toInstant().atZone(ZoneId.systemDefault())
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (results file time)");
        String notes = a.containsKey("notes") && Files.exists(Path.of(a.get("notes")))
                ? Files.readString(Path.of(a.get("notes"))) : null;
        Report r = new Report(Result.load(json), env, notes);
        r.write(md, img);
        System.out.println("wrote " + md + " and charts under " + img);
    }

    private static void usage(String why) {
        System.err.println("Report: " + why);
        System.err.println("usage: Report --json RESULTS.json [--md docs/benchmarks.md] [--img docs/img] [--env RESULTS.env] [--notes NOTES.md]");
        System.exit(2);
    }

    /** Writes the markdown and every chart for which the run has data. */
    void write(Path md, Path imgDir) throws IOException {
        Path mdDir = md.toAbsolutePath().getParent();
        Files.createDirectories(mdDir);
        Files.createDirectories(imgDir);
        String rel = mdDir.relativize(imgDir.toAbsolutePath()).toString().replace('\\', '/');
        Map<String, Path> charts = charts(imgDir);
        Map<String, String> links = new LinkedHashMap<>();
        charts.forEach((k, p) -> links.put(k, (rel.isEmpty() ? "" : rel + "/") + p.getFileName()));
        Files.writeString(md, markdown(links));
    }

    // ---- lookup ------------------------------------------------------------

    Optional<Result> find(String shortName, String... kv) {
        outer:
        for (Result r : results) {
            if (!r.shortName().equals(shortName)) {
                continue;
            }
            for (int i = 0; i + 1 < kv.length; i += 2) {
                if (!kv[i + 1].equals(r.param(kv[i]))) {
                    continue outer;
                }
            }
            return Optional.of(r);
        }
        return Optional.empty();
    }

    Optional<Result> read(String design, int threads) {
        return find(READ + "." + (threads == 1 ? "OneThread" : "TwoThreads") + "." + design);
    }

    List<Result> of(String question) {
        return results.stream().filter(r -> r.question().equals(question)).toList();
    }

    /** Distinct values of a parameter in a question's results, numerically sorted where numeric. */
    Set<String> values(String question, String param) {
        Set<String> out = new TreeSet<>((x, y) -> {
            try {
                return Double.compare(Double.parseDouble(x), Double.parseDouble(y));
            } catch (NumberFormatException e) {
                return x.compareTo(y);
            }
        });
        for (Result r : of(question)) {
            if (r.param(param) != null) {
                out.add(r.param(param));
            }
        }
        return out;
    }

    // ---- targets -----------------------------------------------------------

    List<Target> targets() {
        List<Target> t = new ArrayList<>();
        t.add(ratioAtMost("Biased counter ≤ 1.2 × bare getAndAdd pair (1 thread)",
                read("biased", 1), read("baseline_getAndAddPair", 1), 1.2, "biased", "pair"));
        t.add(ratioAtMost("Striped counter ≤ 1.2 × one full fence (1 thread)",
                read("striped", 1), read("baseline_fullFence", 1), 1.2, "striped", "fence"));
        // Scaling: with average time per op per thread, throughput(2)/throughput(1) = 2 * t1 / t2.
        Optional<Result> s1 = read("striped", 1);
        Optional<Result> s2 = read("striped", 2);
        if (s1.isPresent() && s2.isPresent()) {
            double scale = 2 * s1.get().nanos() / s2.get().nanos();
            t.add(new Target("Striped at 2 threads keeps ≥ 1.8 × its 1-thread throughput",
                    fmt(scale) + "×", "≥ 1.8×", scale >= 1.8 ? Verdict.MET : Verdict.MISSED,
                    "per-op time " + ns(s1.get()) + " at 1 thread, " + ns(s2.get()) + " at 2 (" + fmt(s2.get().nanos() / s1.get().nanos()) + "× the 1-thread time)"
                            + unsteady("1 thread", s1.get()) + unsteady("2 threads", s2.get())));
        } else {
            t.add(missing("Striped at 2 threads keeps ≥ 1.8 × its 1-thread throughput"));
        }
        t.add(ratioAtLeast("Striped beats biased by ≥ 4× at 2 threads",
                read("biased", 2), read("striped", 2), 4, "biased", "striped"));
        t.add(ratioAtLeast("ReentrantReadWriteLock ≥ 2× slower than biased at 2 threads",
                read("rwLock", 2), read("biased", 2), 2, "RRWL", "biased"));
        t.add(ratioAtLeast("Global mutex ≥ 2× slower than biased at 2 threads",
                read("globalMutex", 2), read("biased", 2), 2, "mutex", "biased"));
        for (String kind : kinds(LATENCY)) {
            t.add(latencyBelow("Revoking 10,000 idle files < 10 ms (" + kind + ")",
                    find(LATENCY + ".idleFiles", "files", "10000", "kind", kind), 10));
            t.add(latencyBelow("Waking and draining 100 sleepers < 50 ms (" + kind + ")",
                    find(LATENCY + ".sleepers", "sleepers", "100", "kind", kind), 50));
        }
        if (kinds(LATENCY).isEmpty()) {
            t.add(missing("Revoking 10,000 idle files < 10 ms"));
            t.add(missing("Waking and draining 100 sleepers < 50 ms"));
        }
        for (String kind : kinds(UNBIND)) {
            for (String k : values(UNBIND, "resources")) {
                Optional<Result> all = find(UNBIND + ".revokeAll", "resources", k, "kind", kind);
                Optional<Result> one = find(UNBIND + ".oneByOne", "resources", k, "kind", kind);
                String name = "Unbind (revokeAll) faster than one-by-one, K = " + k + " (" + kind + ")";
                if (all.isEmpty() || one.isEmpty()) {
                    t.add(missing(name));
                    continue;
                }
                double ratio = one.get().nanos() / all.get().nanos();
                Verdict v = k.equals("1") ? Verdict.CONTROL : ratio > 1 ? Verdict.MET : Verdict.MISSED;
                t.add(new Target(name, fmt(ratio) + "× (one-by-one / revokeAll)", "> 1×", v,
                        "revokeAll " + us(all.get()) + ", one-by-one " + us(one.get())
                                + (k.equals("1") ? "; K = 1 is the same work both ways, a control" : "")));
            }
        }
        if (kinds(UNBIND).isEmpty()) {
            t.add(missing("Unbind faster than one-by-one"));
        }
        return t;
    }

    private Set<String> kinds(String question) {
        return values(question, "kind");
    }

    /** A warning for a target's input whose iterations disagree: the verdict rests on a disturbed measurement. */
    private static String unsteady(String what, Result r) {
        return r.unsteady() ? "; **" + what + " unsteady**: iterations ranged " + r.range() : "";
    }

    private static Target missing(String name) {
        return new Target(name, "not in this run", "", Verdict.NOT_MEASURED, "");
    }

    private static Target ratioAtMost(String name, Optional<Result> a, Optional<Result> b, double limit, String an, String bn) {
        if (a.isEmpty() || b.isEmpty()) {
            return missing(name);
        }
        double ratio = a.get().nanos() / b.get().nanos();
        return new Target(name, fmt(ratio) + "×", "≤ " + limit + "×", ratio <= limit ? Verdict.MET : Verdict.MISSED,
                an + " " + ns(a.get()) + ", " + bn + " " + ns(b.get()) + ", difference " + fmt(a.get().nanos() - b.get().nanos()) + " ns"
                        + unsteady(an, a.get()) + unsteady(bn, b.get()));
    }

    private static Target ratioAtLeast(String name, Optional<Result> a, Optional<Result> b, double limit, String an, String bn) {
        if (a.isEmpty() || b.isEmpty()) {
            return missing(name);
        }
        double ratio = a.get().nanos() / b.get().nanos();
        return new Target(name, fmt(ratio) + "×", "≥ " + limit + "×", ratio >= limit ? Verdict.MET : Verdict.MISSED,
                an + " " + ns(a.get()) + ", " + bn + " " + ns(b.get()) + unsteady(an, a.get()) + unsteady(bn, b.get()));
    }

    private static Target latencyBelow(String name, Optional<Result> r, double limitMs) {
        if (r.isEmpty()) {
            return missing(name);
        }
        double ms = r.get().nanos() / 1e6;
        double maxMs = r.get().max() * Result.nanosPer(r.get().unit()) / 1e6;
        return new Target(name, fmt(ms) + " ms mean", "< " + (int) limitMs + " ms", ms < limitMs ? Verdict.MET : Verdict.MISSED,
                (Double.isNaN(r.get().error()) ? "" : "± " + fmt(r.get().errorNanos() / 1e6) + " ms, ")
                        + r.get().samples() + " shots; median " + fmt(r.get().median() * Result.nanosPer(r.get().unit()) / 1e6)
                        + " ms, slowest " + fmt(maxMs) + " ms");
    }

    // ---- charts ------------------------------------------------------------

    Map<String, Path> charts(Path dir) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();

        DefaultCategoryDataset readSide = new DefaultCategoryDataset();
        for (Map.Entry<String, String> d : DESIGNS.entrySet()) {
            for (int threads : new int[] {1, 2}) {
                String series = threads == 1 ? "1 thread" : "2 threads, one shared file";
                read(d.getKey(), threads).ifPresent(r -> readSide.addValue(r.nanos(), series, d.getValue()));
            }
        }
        if (readSide.getRowCount() > 0) {
            Path p = dir.resolve("read-side-cost.png");
            Charts.bars(p, "Read-side cost of one file method call (lower is better)", "design",
                    "ns per call per thread", readSide, true);
            out.put("read", p);
        }

        Charts.Lines files = new Charts.Lines();
        for (Result r : of(LATENCY)) {
            if (r.method().equals("idleFiles")) {
                files.add(r.param("kind"), Double.parseDouble(r.param("files")), r.nanos() / 1e3, r.errorNanos() / 1e3);
            }
        }
        if (!files.isEmpty()) {
            Path p = dir.resolve("revoke-vs-files.png");
            Charts.lines(p, "revokeIt() latency vs attached idle files", "attached idle files (log)",
                    "µs per revocation (log)", files, true);
            out.put("files", p);
        }

        Charts.Lines sleepers = new Charts.Lines();
        for (Result r : of(LATENCY)) {
            if (r.method().equals("sleepers")) {
                sleepers.add(r.param("kind"), Double.parseDouble(r.param("sleepers")), r.nanos() / 1e3, r.errorNanos() / 1e3);
            }
        }
        if (!sleepers.isEmpty()) {
            Path p = dir.resolve("revoke-vs-sleepers.png");
            Charts.lines(p, "revokeIt() latency vs sleepers to wake and drain", "threads asleep in methods (log)",
                    "µs per revocation", sleepers, false);
            out.put("sleepers", p);
        }

        DefaultCategoryDataset unbind = new DefaultCategoryDataset();
        for (Result r : of(UNBIND)) {
            unbind.addValue(r.nanos() / 1e3, r.method() + " (" + r.param("kind") + ")", "K = " + r.param("resources"));
        }
        if (unbind.getRowCount() > 0) {
            Path p = dir.resolve("unbind.png");
            Charts.bars(p, "Taking down K resources: revokeAll vs one by one", "resources revoked at once",
                    "µs per unbind", unbind, true);
            out.put("unbind", p);
        }

        DefaultCategoryDataset errno = new DefaultCategoryDataset();
        for (Result r : of(ERRNO)) {
            boolean user = r.method().startsWith("userSpace_");
            errno.addValue(r.nanos(), user ? "sysconf(-1) → EINVAL, no system call" : "read(-1) → EBADF from the kernel",
                    r.method().replaceFirst("^userSpace_", ""));
        }
        if (errno.getRowCount() > 0) {
            Path p = dir.resolve("errno-capture.png");
            Charts.bars(p, "Failing downcall with and without errno capture", "variant", "ns per call", errno, true);
            out.put("errno", p);
        }
        return out;
    }

    // ---- markdown ----------------------------------------------------------

    String markdown(Map<String, String> img) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Generated by `bench/run` from `").append(env.getProperty("results", "?"))
                .append("` by `dev.revoke.bench.report.Report`; do not edit by hand, run `bench/run --quick` or `bench/run --full` again. ")
                .append("Every number below, ratios included, comes from that one run.\n\n");

        provenance(md);
        targetsSection(md);
        readSection(md, img);
        latencySection(md, img);
        md.append("## 3. Syscall-layer read vs raw Panama read vs FileChannel\n\n");
        md.append("Reserved: this question gets its own benchmark class later; until then its results, ")
                .append("when a run has them, appear under *Other benchmarks* below.\n\n");
        errnoSection(md, img);
        unbindSection(md, img);
        otherSection(md);
        if (notes != null && !notes.isBlank()) {
            md.append("## Analysis\n\n").append(notes.strip()).append("\n\n");
        }
        md.append("## All results\n\n");
        table(md, results);
        return md.toString();
    }

    private void provenance(StringBuilder md) {
        md.append("## Where these figures come from\n\n");
        Result any = results.isEmpty() ? null : results.getFirst();
        md.append("| | |\n|---|---|\n");
        row(md, "date", env.getProperty("date", "unknown"));
        row(md, "mode", env.getProperty("mode", "unknown"));
        row(md, "machine", env.getProperty("nproc", "?") + " CPUs (nproc), " + env.getProperty("cpu", "unknown CPU")
                + (env.containsKey("kernel") ? ", Linux " + env.getProperty("kernel") : ""));
        if (any != null) {
            row(md, "JDK", any.jdkVersion() + " (" + any.vmName() + " " + any.vmVersion() + ")");
            row(md, "JMH", any.jmhVersion());
        }
        if (env.containsKey("loadavg_before")) {
            row(md, "load average (1, 5, 15 min)", "before " + env.getProperty("loadavg_before")
                    + ", after " + env.getProperty("loadavg_after", "?")
                    + " (the machine has " + env.getProperty("nproc", "?") + " CPUs; above that, other work was competing)");
        }
        if (env.containsKey("jmh_seconds")) {
            row(md, "JMH wall time", env.getProperty("jmh_seconds") + " s");
        }
        if (env.containsKey("command")) {
            row(md, "command", "`" + env.getProperty("command") + "`");
        }
        Set<String> settings = new LinkedHashSet<>();
        for (Result r : results) {
            String mode = r.mode().equals("ss") ? "single shot" : r.mode();
            String s = r.question() + ": " + mode + ", " + r.forks() + " fork(s), "
                    + r.warmupIterations() + " warmup × " + (r.mode().equals("ss") ? "1 shot" : r.warmupTime()) + ", "
                    + r.measurementIterations() + " measured × " + (r.mode().equals("ss") ? "1 shot" : r.measurementTime());
            settings.add(s);
        }
        row(md, "settings", String.join("<br>", settings));
        md.append('\n');
        disturbance(md);
        md.append("Errors are JMH's 99.9% confidence half-intervals. A quick run has few samples (1 fork), so its ")
                .append("intervals are wide; the machine is shared with other builds, which adds noise to every figure, most to the two-thread ones ")
                .append("(two threads use both cores).\n\n");
    }

    /**
     * A full fence is core-local: two threads fencing on two cores should each
     * take about what one thread takes (a little more if the two vCPUs are
     * hyperthreads of one physical core). When the two-thread figure is much higher,
     * something else had one of the two cores during the two-thread part of
     * the run, and every two-thread figure of that run is inflated with it.
     */
    Optional<Double> fenceDisturbance() {
        Optional<Result> one = read("baseline_fullFence", 1);
        Optional<Result> two = read("baseline_fullFence", 2);
        if (one.isEmpty() || two.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(two.get().nanos() / one.get().nanos());
    }

    private void disturbance(StringBuilder md) {
        Optional<Double> d = fenceDisturbance();
        if (d.isEmpty()) {
            return;
        }
        md.append("**Disturbance check.** One full fence took ").append(fmt(d.get()))
                .append("× as long per call with two threads as with one. A fence is core-local, so undisturbed this is near 1× "
                + "(a little above if the two vCPUs share a physical core). ");
        if (d.get() > 1.3) {
            md.append("So other work shared the cores during the two-thread benchmarks of this run, and their figures, ")
                    .append("and the two-thread targets, are pessimistic by up to about that factor.\n\n");
        } else {
            md.append("So the cores were free while the fence ran; other benchmarks may still have been disturbed: see the † marks below.\n\n");
        }
    }

    private void targetsSection(StringBuilder md) {
        md.append("## Targets\n\n");
        md.append("| target | measured | threshold | verdict | from |\n|---|---|---|---|---|\n");
        for (Target t : targets()) {
            String v = switch (t.verdict()) {
                case MET -> "**met**";
                case MISSED -> "**missed**";
                case NOT_MEASURED -> "not measured";
                case CONTROL -> "control";
            };
            md.append("| ").append(t.target()).append(" | ").append(t.measured()).append(" | ").append(t.threshold())
                    .append(" | ").append(v).append(" | ").append(t.detail()).append(" |\n");
        }
        md.append('\n');
    }

    private void readSection(StringBuilder md, Map<String, String> img) {
        md.append("## 1. Read-side cost of one file method call (`ReadSideCost`)\n\n");
        md.append("One trivial method (returns a field) called through each design's gate, by 1 thread and by 2 threads ")
                .append("sharing one open file. Average time per call per thread: at 2 threads, the same figure as at 1 thread means perfect scaling.\n\n");
        image(md, img, "read", "read-side cost per design");
        md.append("| design | 1 thread (ns/call) | 2 threads (ns/call) | 2-thread throughput / 1-thread | × biased at 2 threads |\n");
        md.append("|---|---|---|---|---|\n");
        Optional<Result> biased2 = read("biased", 2);
        for (Map.Entry<String, String> d : DESIGNS.entrySet()) {
            Optional<Result> one = read(d.getKey(), 1);
            Optional<Result> two = read(d.getKey(), 2);
            if (one.isEmpty() && two.isEmpty()) {
                continue;
            }
            String scale = one.isPresent() && two.isPresent() ? fmt(2 * one.get().nanos() / two.get().nanos()) + "×" : "";
            String vsBiased = two.isPresent() && biased2.isPresent() ? fmt(two.get().nanos() / biased2.get().nanos()) + "×" : "";
            md.append("| ").append(d.getValue()).append(" | ").append(one.map(Report::nsErrMarked).orElse("")).append(" | ")
                    .append(two.map(Report::nsErrMarked).orElse("")).append(" | ").append(scale).append(" | ").append(vsBiased).append(" |\n");
        }
        md.append('\n');
        md.append("† unsteady: its slowest iteration took more than ").append(Result.UNSTEADY)
                .append("× its fastest (range in brackets, ns/call). Above a few nanoseconds that almost always means other work had a core ")
                .append("during part of the measurement, and the mean is then not to be trusted; below, it can be code alignment.\n\n");
    }

    private void latencySection(StringBuilder md, Map<String, String> img) {
        md.append("## 2. Revoke latency (`RevokeLatency`)\n\n");
        md.append("Single shot per measurement on a freshly built resource; only `revokeIt()` is timed. ")
                .append("*idleFiles*: files attached, nobody inside a method. *sleepers*: one file per sleeper, each sleeper parked in ")
                .append("`waitQueue().await` between `startUsing` and `stopUsing`; the revocation must wake all of them and wait for all to leave.\n\n");
        image(md, img, "files", "revoke latency vs attached files");
        image(md, img, "sleepers", "revoke latency vs sleepers");
        List<Result> rs = of(LATENCY);
        if (!rs.isEmpty()) {
            md.append("| benchmark | kind | files / sleepers | mean (µs) | median (µs) | slowest (µs) | shots |\n|---|---|---|---|---|---|---|\n");
            for (Result r : rs) {
                String n = r.param("files") != null ? r.param("files") + " files" : r.param("sleepers") + " sleepers";
                md.append("| ").append(r.method()).append(" | ").append(r.param("kind")).append(" | ").append(n).append(" | ")
                        .append(fmt(r.nanos() / 1e3)).append(" ± ").append(fmt(r.errorNanos() / 1e3)).append(" | ")
                        .append(fmt(r.median() * Result.nanosPer(r.unit()) / 1e3)).append(" | ")
                        .append(fmt(r.max() * Result.nanosPer(r.unit()) / 1e3)).append(r.max() > OUTLIER_SHOT * r.median() ? " ‡" : "")
                        .append(" | ").append(r.samples()).append(" |\n");
            }
            md.append('\n');
            if (rs.stream().anyMatch(r -> r.max() > OUTLIER_SHOT * r.median())) {
                md.append("‡ the slowest shot took more than ").append((int) OUTLIER_SHOT)
                        .append("× the median one: a shot that lost its core to other work (or met a GC) pulls the mean up; the median is the better figure there.\n\n");
            }
        }
    }

    private void errnoSection(StringBuilder md, Map<String, String> img) {
        md.append("## 4. errno capture cost (`ErrnoCapture`)\n\n");
        md.append("A failing call through handles built in the benchmark from `defaultLookup()`: ")
                .append("(c) no capture, (a) capture into a per-thread segment reused for every call, (b) capture into a segment from a ")
                .append("confined arena opened and closed per call. First `read(-1, buf, 1)`, which fails with EBADF in the kernel, plus the ")
                .append("project's own `Sys.read` (a, with its ThreadLocal lookup and -errno mapping); then the same three with `sysconf(-1)`, ")
                .append("which glibc fails with EINVAL without a system call, so the capture's own cost is not hidden under the kernel's.\n\n");
        image(md, img, "errno", "errno capture cost");
        errnoTable(md, "read(-1): EBADF from the kernel", "", List.of("noCapture", "reusedSegment", "perCallArena", "sysRead"));
        errnoTable(md, "sysconf(-1): EINVAL from glibc, no system call", "userSpace_",
                List.of("userSpace_noCapture", "userSpace_reusedSegment", "userSpace_perCallArena"));
    }

    private void errnoTable(StringBuilder md, String title, String prefix, List<String> methods) {
        Optional<Result> none = find(ERRNO + "." + prefix + "noCapture");
        if (none.isEmpty()) {
            return;
        }
        md.append("**").append(title).append("**\n\n");
        md.append("| variant | ns/call | minus no-capture (ns) |\n|---|---|---|\n");
        for (String m : methods) {
            find(ERRNO + "." + m).ifPresent(x -> md.append("| ").append(m).append(" | ").append(nsErr(x)).append(" | ")
                    .append(fmt(x.nanos() - none.get().nanos())).append(" |\n"));
        }
        md.append('\n');
        Optional<Result> reused = find(ERRNO + "." + prefix + "reusedSegment");
        Optional<Result> perCall = find(ERRNO + "." + prefix + "perCallArena");
        if (reused.isPresent() && perCall.isPresent()) {
            md.append("Capture into the reused segment: ").append(fmt(reused.get().nanos() - none.get().nanos()))
                    .append(" ns over no capture; a segment allocated per call: ")
                    .append(fmt(perCall.get().nanos() - none.get().nanos())).append(" ns over no capture (")
                    .append(fmt(perCall.get().nanos() - reused.get().nanos())).append(" ns more than reusing).\n\n");
        }
    }

    private void unbindSection(StringBuilder md, Map<String, String> img) {
        md.append("## 5. Unbind: K resources at once (`Unbind`)\n\n");
        md.append("K resources, each with 3 idle files and one sleeper parked in a method. `revokeAll` kills and kicks all K, then ")
                .append("waits for the drains, then releases; `oneByOne` calls `revokeIt` on each in turn. Single shot; only the revocation is timed.\n\n");
        image(md, img, "unbind", "unbind vs one by one");
        List<Result> rs = of(UNBIND);
        if (!rs.isEmpty()) {
            md.append("| kind | K | revokeAll (µs) | one by one (µs) | one-by-one / revokeAll (means) | same, medians |\n|---|---|---|---|---|---|\n");
            for (String kind : kinds(UNBIND)) {
                for (String k : values(UNBIND, "resources")) {
                    Optional<Result> all = find(UNBIND + ".revokeAll", "resources", k, "kind", kind);
                    Optional<Result> one = find(UNBIND + ".oneByOne", "resources", k, "kind", kind);
                    md.append("| ").append(kind).append(" | ").append(k).append(" | ")
                            .append(all.map(Report::usErr).orElse("")).append(" | ").append(one.map(Report::usErr).orElse("")).append(" | ")
                            .append(all.isPresent() && one.isPresent() ? fmt(one.get().nanos() / all.get().nanos()) + "×" : "")
                            .append(" | ")
                            .append(all.isPresent() && one.isPresent() ? fmt(one.get().median() / all.get().median()) + "×" : "")
                            .append(" |\n");
                }
            }
            md.append('\n');
        }
    }

    private void otherSection(StringBuilder md) {
        List<Result> other = results.stream().filter(r -> !KNOWN.contains(r.question())).toList();
        if (other.isEmpty()) {
            return;
        }
        md.append("## Other benchmarks\n\n");
        md.append("Classes this renderer has no section for yet: ")
                .append(other.stream().map(Result::question).distinct().collect(Collectors.joining(", "))).append(".\n\n");
        table(md, other);
    }

    private static void table(StringBuilder md, List<Result> rs) {
        md.append("| benchmark | params | threads | mode | samples | score ± error | unit |\n|---|---|---|---|---|---|---|\n");
        for (Result r : rs) {
            String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            md.append("| ").append(r.shortName()).append(" | ").append(params).append(" | ").append(r.threads()).append(" | ")
                    .append(r.mode()).append(" | ").append(r.samples()).append(" | ").append(fmt(r.score()))
                    .append(Double.isNaN(r.error()) ? "" : " ± " + fmt(r.error())).append(" | ").append(r.unit()).append(" |\n");
        }
        md.append('\n');
    }

    private static void image(StringBuilder md, Map<String, String> img, String key, String alt) {
        if (img.containsKey(key)) {
            md.append("![").append(alt).append("](").append(img.get(key)).append(")\n\n");
        }
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    // ---- numbers -----------------------------------------------------------

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String f = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }

    private static String ns(Result r) {
        return fmt(r.nanos()) + " ns";
    }

    private static String nsErr(Result r) {
        return fmt(r.nanos()) + (Double.isNaN(r.error()) ? "" : " ± " + fmt(r.errorNanos()));
    }

    private static String nsErrMarked(Result r) {
        return nsErr(r) + (r.unsteady() ? " † [" + fmt(r.min() * Result.nanosPer(r.unit())) + "–" + fmt(r.max() * Result.nanosPer(r.unit())) + "]" : "");
    }

    private static String us(Result r) {
        return fmt(r.nanos() / 1e3) + " µs";
    }

    private static String usErr(Result r) {
        return fmt(r.nanos() / 1e3) + (Double.isNaN(r.error()) ? "" : " ± " + fmt(r.errorNanos() / 1e3));
    }
}
