/**
 * The hub's own settings, each declared once in {@code HubSettingsDefinition} and overridable by file, environment and
 * system properties; and the constraints typed configuration shares ({@code @WhenOmitted}, {@code @NonZero}).
 */
package io.onceonly.config;
