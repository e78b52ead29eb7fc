namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>Tests that share <see cref="ClockClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClockClusterCollection : ICollectionFixture<ClockClusterFixture>
{
    public const string Name = "im cluster with a movable clock";
}
