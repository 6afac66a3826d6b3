/** The hub's HTTP interface: health for orchestrators, and the admin API under /api/v1. */
package io.onceonly.api;
