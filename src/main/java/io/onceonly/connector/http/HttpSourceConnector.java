package io.onceonly.connector.http;

import java.util.List;

import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.source.SourceConnector;

/** Source type http: polls a department's JSON REST API, page by page, in full or since the last poll. */
public final class HttpSourceConnector extends SourceConnector {
    /** source-http: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("http",
            "Polls a JSON REST API with GET requests: page, offset or cursor pagination, an auth header whose value is "
                    + "a secret reference, and an optional since parameter for incremental pulls. Each page is "
                    + "published as one batch. Without sinceParam every poll reads the whole list, and records the API "
                    + "no longer lists become deletions.",
            List.of(
                ConnectorOption.required("url", OptionKind.NETWORK_TARGET,
                        "Address of the API's list endpoint, for example https://api.township-a.example/v1/activities "
                                + "or \"{{env:TOWNSHIP_A_API}}\". Fixed query parameters may be part of it; the ones "
                                + "the hub sets (page, size, offset, cursor, since) may not. Redirects are not "
                                + "followed, so credentials go only here."),
                ConnectorOption.text("recordsPointer", "", OptionKind.PLAIN,
                        "JSON Pointer (RFC 6901) to the array of records in each response, for example /data/items; "
                                + "\"\" when the response itself is the array. A null there counts as no records; "
                                + "anything else that is not an array is an error."),
                ConnectorOption.choice("pagination", List.of("none", "page", "offset", "cursor"),
                        "none (one response holds every record), page (numbered pages), offset (record offsets) or "
                                + "cursor (each response names the next page). Page and offset polls end at the first "
                                + "empty page, or when the API repeats its last page past the end; cursor polls end "
                                + "when the response names no next cursor."),
                ConnectorOption.text("pageParam", "page", OptionKind.PLAIN,
                        "Query parameter carrying the page number (pagination page)."),
                ConnectorOption.integer("firstPage", 1L, 0,
                        "Number of the first page (pagination page); 1 for most APIs, 0 for some."),
                ConnectorOption.text("sizeParam", "size", OptionKind.PLAIN,
                        "Query parameter carrying the page size (pagination page, offset and cursor); \"\" sends none "
                                + "and takes the pages the API gives."),
                ConnectorOption.integer("pageSize", 100L, 1,
                        "Records asked for per page. An API that gives fewer per page (it caps the size) is still read "
                                + "to the end; each page is one Kafka transaction."),
                ConnectorOption.text("offsetParam", "offset", OptionKind.PLAIN,
                        "Query parameter carrying the offset of the page's first record, from 0 (pagination offset)."),
                ConnectorOption.text("cursorParam", "cursor", OptionKind.PLAIN,
                        "Query parameter carrying the cursor of the next page (pagination cursor)."),
                ConnectorOption.text("nextCursorPointer", "", OptionKind.PLAIN,
                        "JSON Pointer to the next page's cursor in a response, for example /next or /meta/next_cursor "
                                + "(required with pagination cursor). Absent, null or empty means this was the last "
                                + "page. A value that is a link (https://... or /path) on the same server is followed "
                                + "as it is, as with OData's @odata.nextLink or a \"next\" URL."),
                ConnectorOption.text("sinceParam", "", OptionKind.PLAIN,
                        "Query parameter carrying the high-water mark of the last poll (the largest sinceField value "
                                + "read), so the API lists only records changed since then. The API must compare with "
                                + ">= (changed at or after the mark): records with the same value as the mark are read "
                                + "again, which publishes nothing, rather than skipped. \"\" makes every poll a full "
                                + "read of the list, whose records the API no longer lists become deletions."),
                ConnectorOption.text("sinceField", "", OptionKind.PLAIN,
                        "Record field (a dotted path such as meta.updated_at for nested fields) whose largest value "
                                + "becomes the next poll's sinceParam, sent as the API wrote it (required with "
                                + "sinceParam). ISO-8601 date-times, dates and numbers are compared as such; other "
                                + "text as text."),
                ConnectorOption.idField(
                        "Record field (dotted path allowed) that identifies a record in the department's system, shown "
                                + "with rejects; \"\" identifies records by their place in the poll, as \"page 3 #7\"."),
                ConnectorOption.text("authHeader", "Authorization", OptionKind.PLAIN,
                        "Request header that carries authToken, for example Authorization or X-Api-Key."),
                ConnectorOption.text("authToken", "", OptionKind.SECRET,
                        "Value of authHeader, always as a reference, optionally after an auth scheme, for example "
                                + "\"Bearer {{env:TOWNSHIP_A_API_TOKEN}}\" or \"{{env:TOWNSHIP_A_API_KEY}}\"; never in "
                                + "clear text. \"\" sends none."),
                ConnectorOption.timeout("30s",
                        "How long connecting and each request may take before the page counts as failed and is retried."),
                ConnectorOption.every("60s")));

    public HttpSourceConnector() {
        super(DECLARATION, HttpSourceSettings::from, HttpSourceReader::new);
    }

    /** Without a since parameter every poll reads the whole list: what it no longer lists was deleted. */
    @Override
    public boolean snapshots(ConnectorOptions options) {
        return options.textOrNull("sinceParam") == null;
    }
}
