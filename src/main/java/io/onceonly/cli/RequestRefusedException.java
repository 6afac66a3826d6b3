package io.onceonly.cli;

/** The hub answered with an error (4xx or 5xx); the command prints its problem and exits with code 1. */
final class RequestRefusedException extends RuntimeException {
    private final transient HubAnswer answer;

    RequestRefusedException(HubAnswer answer, String hint) {
        super(answer.problemText() + (hint == null ? "" : "\n" + hint));
        this.answer = answer;
    }

    HubAnswer answer() {
        return answer;
    }
}
