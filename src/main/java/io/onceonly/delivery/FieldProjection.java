package io.onceonly.delivery;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What of a shared record one subscription may see: the records its {@code where} selects, the fields it was granted. */
public final class FieldProjection {
    private final List<String> granted;
    private final Map<String, List<String>> where;

    public FieldProjection(List<String> granted, Map<String, List<String>> where) {
        this.granted = List.copyOf(granted);
        this.where = Map.copyOf(where);
    }

    /** Whether every {@code where} field of the record holds one of its listed values. */
    public boolean selects(JsonNode data) {
        for (Map.Entry<String, List<String>> condition : where.entrySet()) {
            JsonNode value = data.get(condition.getKey());
            if (value == null || !condition.getValue().contains(value.asText())) {
                return false;
            }
        }
        return true;
    }

    /** A new object with only the granted fields the record has, values as they are: least privilege leaves the hub. */
    public ObjectNode project(JsonNode data) {
        ObjectNode projected = JsonNodeFactory.instance.objectNode();
        for (String field : granted) {
            if (data.has(field)) {
                projected.set(field, data.get(field));
            }
        }
        return projected;
    }
}
