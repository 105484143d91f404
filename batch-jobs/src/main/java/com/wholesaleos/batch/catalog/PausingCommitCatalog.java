package com.wholesaleos.batch.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A JdbcCatalog whose commit to one named table stops after the data and manifest files are written and before the
 * catalog's pointer moves, writes a marker file and waits: a recovery test kills the run there (kill -9) to prove
 * that a rerun neither loses nor duplicates what that half-done run wrote. Used only when
 * {@code warehouse.fault.pause-before-commit} names a table.
 */
public class PausingCommitCatalog extends JdbcCatalog {
    public static final String TABLE_PROPERTY = "wos.pause-before-commit";
    public static final String MARKER_PROPERTY = "wos.pause-marker";

    private String pausedTable = "";
    private Path marker;

    @Override
    public void initialize(String name, Map<String, String> properties) {
        pausedTable = properties.getOrDefault(TABLE_PROPERTY, "");
        marker = Path.of(properties.getOrDefault(MARKER_PROPERTY, "warehouse-commit-paused"));
        super.initialize(name, properties);
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier id) {
        TableOperations ops = super.newTableOps(id);
        return id.toString().equals(pausedTable) ? new Pausing(ops, id.toString()) : ops;
    }

    private final class Pausing implements TableOperations {
        private final TableOperations delegate;
        private final String table;

        Pausing(TableOperations delegate, String table) {
            this.delegate = delegate;
            this.table = table;
        }

        @Override
        public void commit(TableMetadata base, TableMetadata metadata) {
            // Only a commit that adds a snapshot pauses (creating the table, or evolving its schema, goes through).
            boolean addsSnapshot = base != null && metadata.currentSnapshot() != null
                    && (base.currentSnapshot() == null || base.currentSnapshot().snapshotId() != metadata.currentSnapshot().snapshotId());
            if (addsSnapshot) {
                try {
                    Files.createDirectories(marker.toAbsolutePath().getParent());
                    Files.writeString(marker, table + " " + metadata.currentSnapshot().snapshotId() + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("paused commit interrupted", e);
                    }
                }
            }
            delegate.commit(base, metadata);
        }

        @Override public TableMetadata current() { return delegate.current(); }
        @Override public TableMetadata refresh() { return delegate.refresh(); }
        @Override public FileIO io() { return delegate.io(); }
        @Override public EncryptionManager encryption() { return delegate.encryption(); }
        @Override public String metadataFileLocation(String fileName) { return delegate.metadataFileLocation(fileName); }
        @Override public LocationProvider locationProvider() { return delegate.locationProvider(); }
        @Override public TableOperations temp(TableMetadata uncommitted) { return delegate.temp(uncommitted); }
        @Override public long newSnapshotId() { return delegate.newSnapshotId(); }
        @Override public boolean requireStrictCleanup() { return delegate.requireStrictCleanup(); }
    }
}
