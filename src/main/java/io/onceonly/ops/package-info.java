/** Operations: the hub's metrics, named and tagged as operators query them. */
package io.onceonly.ops;
