/** The hub's own settings: declared once in onceonly.properties, overridable by file, environment and system properties. */
package io.onceonly.config;
