package io.onceonly.bench;

final class EndToEndScenario {
    private EndToEndScenario() {
    }

    static void report(BenchContext ctx, Results results, long rows, int runs) {
        results.scenario("e2e", "3. End to end").notDone = "not written yet.";
    }
}
