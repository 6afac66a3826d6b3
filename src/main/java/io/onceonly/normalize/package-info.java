/** Normalization: domain types for the messy values department systems hold, and the mapping into a shared schema. */
package io.onceonly.normalize;
