package io.onceonly.connector.jdbc;

import io.onceonly.connector.ConnectorOption;
import io.onceonly.connector.OptionKind;

/** The url, user and password both jdbc types log in with, declared once and worded for each type's database. */
final class JdbcLoginOptions {
    private JdbcLoginOptions() {
    }

    /** The JDBC URL of {@code whose} database, with an example URL and the environment variable it may come from. */
    static ConnectorOption url(String whose, String example, String env) {
        return ConnectorOption.required("url", OptionKind.NETWORK_TARGET,
                "JDBC URL of the " + whose + ", for example " + example + " or \"{{env:" + env + "}}\".");
    }

    static ConnectorOption user(String env) {
        return ConnectorOption.text("user", "", OptionKind.PLAIN,
                "Database user, or a reference such as \"{{env:" + env + "_USER}}\".");
    }

    /** The password, always a reference; {@code more} adds to the sentence, for example ", never in clear text". */
    static ConnectorOption password(String env, String more) {
        return ConnectorOption.text("password", "", OptionKind.SECRET,
                "Database password, always as a reference such as \"{{env:" + env + "_PASSWORD}}\"" + more + ".");
    }
}
