/** The demo: two townships' activity systems and two departments' systems, embedded, telling the hub's story. */
package io.onceonly.demo;
