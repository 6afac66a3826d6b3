/** Delivery: each subscription takes batches from its schema topic, keeps only granted fields, and writes to its sink. */
package io.onceonly.delivery;
