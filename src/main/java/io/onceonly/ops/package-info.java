/** Operations: the hub's metrics, named and tagged as operators query them, and failures as its logs may show them. */
package io.onceonly.ops;
