package io.onceonly.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.tools.ProducerPerformance;

/**
 * The ceiling of publishing: Kafka's own {@code ProducerPerformance} (kafka-tools), in this JVM, against the
 * benchmark's broker, acks=all. Whatever the hub publishes cannot go faster than this on the same machine.
 */
final class ProducerCeiling {
    static final int RECORD_SIZE = 300;
    static final String PROPS = "acks=all linger.ms=5 batch.size=65536";
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    private ProducerCeiling() {
    }

    /** Records per second of one ProducerPerformance run of {@code records} records into a new topic. */
    static double run(BenchContext ctx, long records) throws Exception {
        String topic = BenchContext.unique("bench-ceiling-");
        ctx.createTopic(topic);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                String[] args = ("--topic " + topic + " --num-records " + records + " --record-size " + RECORD_SIZE
                        + " --throughput -1 --producer-props bootstrap.servers=" + ctx.bootstrap + " " + PROPS).split(" ");
                ProducerPerformance.main(args);
            } finally {
                System.setOut(original);
            }
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher m = SUMMARY.matcher(out);
        double rate = Double.NaN;
        while (m.find()) {
            rate = Double.parseDouble(m.group(2)); // the last match is the final summary
        }
        if (Double.isNaN(rate)) {
            throw new IllegalStateException("ProducerPerformance printed no summary: " + out);
        }
        return rate;
    }
}
