namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>Tests that share <see cref="ImClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ImClusterFixture>
{
    public const string Name = "im cluster";
}
