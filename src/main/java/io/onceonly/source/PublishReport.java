package io.onceonly.source;

/** What one batch did; read always equals published + unchanged + rejected. */
public record PublishReport(String source, int read, int published, int unchanged, int rejected, boolean full) {
}
