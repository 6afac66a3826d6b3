/** The http connector type: a source that polls a JSON REST API page by page, and a sink that POSTs batches to a webhook. */
package io.onceonly.connector.http;
