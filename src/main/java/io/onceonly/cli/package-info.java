/** The onceonly command line: run the hub or the demo, check a configuration offline, and manage a running hub. */
package io.onceonly.cli;
