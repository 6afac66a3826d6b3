/** Registrations: Source and Subscription resources read from connectors/, checked against schemas and templates. */
package io.onceonly.registry;
