/** Connector types: each option declared once (type, default, kind, description), checked at apply, and the catalog of every type. */
package io.onceonly.connector;
