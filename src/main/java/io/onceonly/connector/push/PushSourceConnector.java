package io.onceonly.connector.push;

import java.util.List;

import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.OptionKind;
import io.onceonly.source.SourceConnector;

/** Source type push: the department's system posts its records to the hub, one or a batch per request. */
public final class PushSourceConnector extends SourceConnector {
    /** source-push: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("push",
            "Takes records posted by the department's system. A request is normalized and published in one Kafka "
                    + "transaction before the answer is sent, so a 2xx means nothing more can be lost and a failed "
                    + "request can be sent again without doubling anything (an identical record comes back as "
                    + "unchanged). While the source is paused, requests are answered 503 with Retry-After.",
            List.of(
                ConnectorOption.text("token", "", OptionKind.SECRET,
                        "Bearer token the department's system sends ('Authorization: Bearer <token>'), always as a "
                                + "reference such as \"{{env:HOSPITAL_PUSH_TOKEN}}\". Empty: only the operator token "
                                + "is accepted."),
                ConnectorOption.idField(
                        "Field of a pushed record that identifies it in the department's system (dotted path allowed), "
                                + "shown with its rejects. Empty: the record's place in the request.")));

    public PushSourceConnector() {
        super(DECLARATION);
    }
}
