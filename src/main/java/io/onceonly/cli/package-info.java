/** The onceonly command line: run the hub, run the demo, check a configuration offline. */
package io.onceonly.cli;
