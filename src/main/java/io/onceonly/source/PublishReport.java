package io.onceonly.source;

/**
 * What one batch did; read always equals published + unchanged + rejected. Deletions are counted apart: they are
 * entities the source no longer holds, not records it gave.
 */
public record PublishReport(String source, int read, int published, int unchanged, int rejected, int deleted,
                            boolean full) {
}
