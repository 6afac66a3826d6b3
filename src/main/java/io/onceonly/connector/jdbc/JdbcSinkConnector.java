package io.onceonly.connector.jdbc;

import java.util.ArrayList;
import java.util.List;

import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.connector.OptionType;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SinkConnector;

/** Sink type jdbc: upserts each record by its entity key into a table of the subscriber's database. */
public final class JdbcSinkConnector extends SinkConnector {
    /** sink-jdbc: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("jdbc",
            "Upserts each record by its entity key into a table of the subscriber's database, a batch per transaction.",
            List.of(
                JdbcLoginOptions.url("subscriber's database", "jdbc:mariadb://db.culture-bureau/activities", "CULTURE_DB"),
                JdbcLoginOptions.user("CULTURE_DB"),
                JdbcLoginOptions.password("CULTURE_DB", ""),
                ConnectorOption.required("table", OptionKind.SQL_IDENTIFIER,
                        "Table to upsert into; its primary key is the schema's key."),
                ConnectorOption.bool("createTable", true,
                        "Create the table from the schema when it does not exist (true or false)."),
                ConnectorOption.text("columns", "", OptionKind.PLAIN,
                        "Column names where the subscriber's table differs from the schema's field names, as "
                                + "field=COLUMN pairs, for example \"title=HDMC, activity_date=HDRQ\". Other fields "
                                + "keep their names.").as(OptionType.MAP),
                ConnectorOption.timeout("60s",
                        "How long one call to the database (logging in, a batch, the commit) may take; then the "
                                + "connection is dropped and the batch tried again. Bounds the wait on a network that "
                                + "silently stopped passing packets."),
                ConnectorOption.text("versionColumn", "onceonly_version", OptionKind.SQL_IDENTIFIER,
                        "BIGINT column holding each row's version (publication time in microseconds); a row is only "
                                + "replaced by a version at least as new, so a late redelivery never rolls it back. "
                                + "Empty turns the guard off.")));

    public JdbcSinkConnector() {
        super(DECLARATION);
    }

    @Override
    public List<Problem> check(String path, ConnectorOptions options) {
        List<Problem> problems = new ArrayList<>();
        String url = options.text("url");
        if (!url.startsWith("jdbc:")) {
            problems.add(Problem.of(path + ".url", "is not a JDBC URL", url.replaceAll("\\?.*", ""),
                    "Write it as jdbc:postgresql://host/db, jdbc:mariadb://host/db or a reference such as "
                            + "\"{{env:CULTURE_DB}}\"."));
        }
        options.map("columns").forEach((field, column) -> {
            if (!column.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
                problems.add(Problem.of(path + ".columns." + field, "is not a plain column name", column,
                        "Use letters, digits and _ only."));
            }
        });
        return problems;
    }

    @Override
    public Sink sink(Context context, ConnectorOptions options) {
        return new JdbcUpsertSink(options.text("url"), options.text("user"), options.text("password"),
                options.text("table"), options.bool("createTable"), options.text("versionColumn"),
                options.map("columns"), context.schema(), context.fields(), options.duration("timeout"));
    }
}
