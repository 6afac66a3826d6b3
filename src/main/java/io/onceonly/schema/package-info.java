/** The shared schema catalog: schemas loaded from {@code schemas/}, checked at load, and record validation. */
package io.onceonly.schema;
