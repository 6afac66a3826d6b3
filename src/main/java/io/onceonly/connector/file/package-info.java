/** The file connector type: a source that takes files dropped in a folder (CSV, Excel, JSON), and a sink that writes export files. */
package io.onceonly.connector.file;
