/**
 * The hub's own settings, declared once in onceonly.properties and overridable by file, environment and system
 * properties; and the constraints typed configuration shares ({@code @WhenOmitted}, {@code @NonZero}).
 */
package io.onceonly.config;
