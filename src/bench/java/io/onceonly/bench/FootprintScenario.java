package io.onceonly.bench;

/** Scenario not written yet. */
final class FootprintScenario {
    private FootprintScenario() {
    }

    static void report(BenchContext ctx, Results results, int runs) {
        results.scenario("footprint", "7. Footprint").notDone = "not written yet.";
    }
}
