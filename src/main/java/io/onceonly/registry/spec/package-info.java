/**
 * Resources as written, typed and constrained: the records a Source or Subscription document binds to, and the
 * binder that reports every unknown key and broken constraint at once, by the resource's own field paths.
 */
package io.onceonly.registry.spec;
