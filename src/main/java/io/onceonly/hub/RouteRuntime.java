package io.onceonly.hub;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;

import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;

/**
 * What starting routes and reporting their state both reach on this instance, handed to RouteStarter and RouteStatus
 * as one value rather than as six constructor parameters each.
 *
 * @param camel         the hub's Camel context, once it exists
 * @param kafkaAdmin    the hub's Kafka admin client, once it exists
 * @param routeFailures why a route failed here, and since when
 * @param instanceId    this hub instance, as status reports name it
 */
record RouteRuntime(Supplier<CamelContext> camel, Supplier<Admin> kafkaAdmin, Topics topics, HubMetrics metrics,
                    RouteFailures routeFailures, String instanceId) {
}
