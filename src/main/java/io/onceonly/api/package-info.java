/**
 * The hub's HTTP interface: health for orchestrators, the dashboard, and the admin API under /api/v1, one handler
 * group per kind of endpoint, each behind the narrow interface of what it asks of the hub.
 */
package io.onceonly.api;
