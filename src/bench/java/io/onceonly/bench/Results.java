package io.onceonly.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a benchmark run measured: per scenario, figures (one value per run) and ratios (figure over its ceiling,
 * run by run, so both come from the same run), written as JSON and as the generated part of BENCHMARKS.md.
 */
final class Results {
    static final String BEGIN = "<!-- system-benchmarks:begin (written by io.onceonly.bench.SystemBenchmark; edits here are overwritten) -->";
    static final String END = "<!-- system-benchmarks:end -->";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One measured quantity, one value per run. {@code higherIsBetter} only orders nothing; it is shown. */
    record Figure(String id, String label, String unit, List<Double> values) {
        double median() {
            return Results.median(values);
        }
    }

    /** A figure over a ceiling, run by run; {@code target} is printed beside it, never asserted. */
    record Ratio(String label, List<Double> values, String target, Boolean met) {
    }

    static final class Scenario {
        final String id;
        final String title;
        final List<String> method = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();
        final List<Ratio> ratios = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String notDone;

        Scenario(String id, String title) {
            this.id = id;
            this.title = title;
        }

        Figure figure(String id, String label, String unit, List<Double> values) {
            Figure f = new Figure(id, label, unit, List.copyOf(values));
            figures.add(f);
            return f;
        }

        /** Run-by-run ratio of two figures of equal run count. {@code atLeast}: the target, or null for none. */
        Ratio ratio(String label, Figure of, Figure to, Double atLeast, Double atMost) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < Math.min(of.values().size(), to.values().size()); i++) {
                r.add(of.values().get(i) / to.values().get(i));
            }
            String target = atLeast != null ? "≥ " + fmt(atLeast) : atMost != null ? "≤ " + fmt(atMost) : null;
            Boolean met = null;
            if (!r.isEmpty() && atLeast != null) {
                met = median(r) >= atLeast;
            } else if (!r.isEmpty() && atMost != null) {
                met = median(r) <= atMost;
            }
            Ratio ratio = new Ratio(label, r, target, met);
            ratios.add(ratio);
            return ratio;
        }
    }

    final Map<String, String> machine = new LinkedHashMap<>();
    final Map<String, Object> settings = new LinkedHashMap<>();
    final List<Scenario> scenarios = new ArrayList<>();

    Scenario scenario(String id, String title) {
        Scenario s = new Scenario(id, title);
        scenarios.add(s);
        return s;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("machine", JSON.valueToTree(machine));
        root.set("settings", JSON.valueToTree(settings));
        ArrayNode list = root.putArray("scenarios");
        for (Scenario s : scenarios) {
            ObjectNode n = list.addObject();
            n.put("id", s.id);
            n.put("title", s.title);
            if (s.notDone != null) {
                n.put("notDone", s.notDone);
            }
            ArrayNode figures = n.putArray("figures");
            for (Figure f : s.figures) {
                ObjectNode fn = figures.addObject();
                fn.put("id", f.id());
                fn.put("label", f.label());
                fn.put("unit", f.unit());
                fn.put("median", f.median());
                fn.put("min", min(f.values()));
                fn.put("max", max(f.values()));
                fn.set("runs", JSON.valueToTree(f.values()));
            }
            ArrayNode ratios = n.putArray("ratios");
            for (Ratio r : s.ratios) {
                ObjectNode rn = ratios.addObject();
                rn.put("label", r.label());
                rn.put("median", median(r.values()));
                rn.put("min", min(r.values()));
                rn.put("max", max(r.values()));
                rn.set("runs", JSON.valueToTree(r.values()));
                if (r.target() != null) {
                    rn.put("target", r.target());
                    rn.put("met", r.met());
                }
            }
            n.set("method", JSON.valueToTree(s.method));
            n.set("notes", JSON.valueToTree(s.notes));
        }
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), root);
    }

    /** The generated section of BENCHMARKS.md. */
    String markdown(String command, String resultFile) {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n\n");
        md.append("## System benchmarks\n\n");
        md.append("Generated by the run below; the machine-readable result is `").append(resultFile).append("`.\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("### Machine and settings of this run\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        settings.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');
        for (Scenario s : scenarios) {
            md.append("### ").append(s.title).append("\n\n");
            if (s.notDone != null) {
                md.append("**Not measured in this run:** ").append(s.notDone).append("\n\n");
            }
            for (String m : s.method) {
                md.append("- ").append(m).append('\n');
            }
            if (!s.method.isEmpty()) {
                md.append('\n');
            }
            if (!s.figures.isEmpty()) {
                md.append("| Figure | Median | Min–max | Runs |\n|---|---:|---:|---:|\n");
                for (Figure f : s.figures) {
                    md.append("| ").append(f.label()).append(" (").append(f.unit()).append(") | ")
                            .append(fmt(f.median())).append(" | ").append(fmt(min(f.values()))).append("–")
                            .append(fmt(max(f.values()))).append(" | ").append(f.values().size()).append(" |\n");
                }
                md.append('\n');
            }
            if (!s.ratios.isEmpty()) {
                md.append("| Ratio (same run) | Median | Min–max | Target | Met |\n|---|---:|---:|---:|---|\n");
                for (Ratio r : s.ratios) {
                    md.append("| ").append(r.label()).append(" | **").append(fmt2(median(r.values()))).append("** | ")
                            .append(fmt2(min(r.values()))).append("–").append(fmt2(max(r.values()))).append(" | ")
                            .append(r.target() == null ? "" : r.target()).append(" | ")
                            .append(r.met() == null ? "" : r.met() ? "yes" : "no").append(" |\n");
                }
                md.append('\n');
            }
            for (String n : s.notes) {
                md.append("- ").append(n).append('\n');
            }
            if (!s.notes.isEmpty()) {
                md.append('\n');
            }
        }
        md.append(END).append('\n');
        return md.toString();
    }

    /** Replaces the generated section of BENCHMARKS.md (or appends it), keeping everything written by hand. */
    static void updateMarkdown(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        String updated = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + END.length() + 1)
                : text + (text.endsWith("\n") ? "\n" : "\n\n") + section;
        Files.writeString(file, updated);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }
}
