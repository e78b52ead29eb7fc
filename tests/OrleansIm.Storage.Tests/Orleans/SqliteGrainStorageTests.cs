namespace OrleansIm.Storage.Tests.Orleans;

public sealed class SqliteGrainStorageTests(OrleansSqliteCluster sqlite) : GrainStorageContract, IClassFixture<OrleansSqliteCluster>
{
    protected override GrainStorageCluster Fixture => sqlite.Silo;
}
