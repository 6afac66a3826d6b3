/** The camel connector type: a source that consumes messages from any Camel endpoint URI. */
package io.onceonly.connector.camel;
