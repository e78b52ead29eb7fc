namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>Registration of <see cref="SingleWriterGrainStorage"/>.</summary>
public static class SqliteGrainStorageWriter
{
    /// <summary>For grain state kept in an embedded SQLite file: its writes go one at a time (see <see cref="SingleWriterGrainStorage"/>). Call after the provider was added.</summary>
    public static ISiloBuilder AddSqliteGrainStorageSingleWriter(this ISiloBuilder silo, string name) =>
        GrainStorageDecoration.Wrap(silo, name, inner => new SingleWriterGrainStorage(inner));
}
