/** Sources: read department systems, normalize into shared schemas, publish with progress in one transaction. */
package io.onceonly.source;
