/** OnceOnly: capture each fact once, at the system that owns it, and deliver it to every system that needs it. */
package io.onceonly;
