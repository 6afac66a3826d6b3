/** Failures: the four kinds a failure can be, the one classifier that decides the kind, and what the API answers for each. */
package io.onceonly.failure;
