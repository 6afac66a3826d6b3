/** The push connector type: a source whose department system posts its records to the hub. */
package io.onceonly.connector.push;
