package io.onceonly.connector.jdbc;

import java.util.List;

import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.OptionKind;
import io.onceonly.source.SourceConnector;

/** Source type jdbc: polls a table, view or query of a department database, by a cursor column or in full. */
public final class JdbcSourceConnector extends SourceConnector {
    /** source-jdbc: what it does, and each option declared once. */
    private static final Declaration DECLARATION = new Declaration("jdbc",
            "Polls a table or view by a cursor column (a last-updated timestamp or an increasing number), with a lag "
                    + "window and a tie-breaker column, so late-committed rows are not skipped. Works with a read-only "
                    + "account.",
            List.of(
                JdbcLoginOptions.url("department database", "jdbc:postgresql://db.township-a/records", "TOWNSHIP_A_DB"),
                JdbcLoginOptions.user("TOWNSHIP_A_DB"),
                JdbcLoginOptions.password("TOWNSHIP_A_DB", ", never in clear text"),
                ConnectorOption.text("table", "", OptionKind.SQL_IDENTIFIER,
                        "Table or view to read."),
                ConnectorOption.text("query", "", OptionKind.PLAIN,
                        "Instead of table, a SELECT whose rows are read (for a join that a read-only account cannot "
                                + "put in a view); cursor and tiebreaker name its result columns. Use a YAML block "
                                + "(query: |) for a long one."),
                ConnectorOption.mode(
                        "incremental (read rows whose cursor grew since the last poll) or full-refresh (read the whole "
                                + "table each poll, for tables with no column that grows on every change; changed rows "
                                + "are found by comparison and rows gone from the table become deletions)."),
                ConnectorOption.text("cursor", "", OptionKind.SQL_IDENTIFIER,
                        "Column that grows when a row is inserted or updated, such as updated_at (incremental mode "
                                + "only)."),
                ConnectorOption.required("tiebreaker", OptionKind.SQL_IDENTIFIER,
                        "Column that orders rows with the same cursor value, usually the primary key; in full-refresh "
                                + "mode the order of the read."),
                ConnectorOption.duration("lag", "5s",
                        "Rows younger than this by the database clock wait for the next poll, so rows committed late "
                                + "are not skipped.").orZero(),
                ConnectorOption.every("30s")));

    public JdbcSourceConnector() {
        super(DECLARATION, JdbcSourceSettings::from, (source, settings) -> new JdbcSourceReader(settings));
    }

    @Override
    public boolean snapshots(ConnectorOptions options) {
        return options.fullRefresh();
    }
}
