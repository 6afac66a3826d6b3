package io.onceonly.connector;

/**
 * What a connector option's value names: a department's profile allows some targets, folders, URIs and secrets and
 * refuses the rest, so every option that reaches outside the hub says which kind of thing it reaches.
 */
public enum OptionKind {
    /** A value that reaches nothing outside the hub (a format, a size, a column of the record). */
    PLAIN,
    /** A password, token or signing key: only a reference such as {{env:NAME}}, never shown. */
    SECRET,
    /** A URL or host the hub connects to (a database, an API, a webhook, a Kafka cluster). */
    NETWORK_TARGET,
    /** A folder or file on the hub's disk. */
    FILE_PATH,
    /** A Camel endpoint URI: any component on the classpath, so the widest reach of all. */
    CAMEL_URI,
    /** A table or column name written into SQL text, so it must be a plain identifier. */
    SQL_IDENTIFIER
}
