/**
 * The hub assembled and run: startup and shutdown, the reconciler that keeps routes in line with the registry, route
 * status and lag, and the operations the admin API calls.
 */
package io.onceonly.hub;
