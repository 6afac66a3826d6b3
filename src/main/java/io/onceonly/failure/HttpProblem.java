package io.onceonly.failure;

/** The HTTP status and problem title the admin API answers with when an action on a named resource fails. */
public record HttpProblem(int status, String title) {

    public static HttpProblem of(FailureKind kind) {
        return switch (kind) {
            // Bodies and parameters are checked before an action runs, so what an action is still refused for is the
            // resource itself: another request deleted it meanwhile.
            case REFUSED -> new HttpProblem(404, "Not found");
            // Kafka or the registry cannot do it now; the same request may succeed later.
            case UNAVAILABLE -> new HttpProblem(503, "Not done");
            case CONFIGURATION -> new HttpProblem(409, "Configuration problem");
            case BUG -> new HttpProblem(500, "Internal error");
        };
    }
}
