namespace OrleansIm.Grains.Tests.Snapshots;

/// <summary>Tests that share <see cref="SnapshotClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SnapshotClusterCollection : ICollectionFixture<SnapshotClusterFixture>
{
    public const string Name = "im cluster with frequent user snapshots";
}
