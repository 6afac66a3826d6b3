package io.onceonly.bench;

/** Scenario not written yet. */
final class FreshnessScenario {
    private FreshnessScenario() {
    }

    static void report(BenchContext ctx, Results results, int runs, int seconds) {
        results.scenario("freshness", "4. Freshness").notDone = "not written yet.";
    }
}
