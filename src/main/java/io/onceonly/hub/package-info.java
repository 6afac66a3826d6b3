/** The hub assembled: broker, catalog, registrations and Camel routes started and stopped together. */
package io.onceonly.hub;
