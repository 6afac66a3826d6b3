/** The jdbc connector type: a source that polls a table or query by cursor or in full, and a sink that upserts into a table. */
package io.onceonly.connector.jdbc;
