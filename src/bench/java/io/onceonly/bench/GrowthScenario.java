package io.onceonly.bench;

/** Scenario not written yet. */
final class GrowthScenario {
    private GrowthScenario() {
    }

    static void report(BenchContext ctx, Results results, long rows) {
        results.scenario("growth", "5. Growth").notDone = "not written yet.";
    }
}
