/** Connections to department databases, shared by JDBC sources and sinks. */
package io.onceonly.jdbc;
