namespace OrleansIm.Grains.Tests.LargeGroups;

/// <summary>Tests that share <see cref="LargeGroupClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LargeGroupCollection : ICollectionFixture<LargeGroupClusterFixture>
{
    public const string Name = "im cluster with a low large-group threshold";
}
