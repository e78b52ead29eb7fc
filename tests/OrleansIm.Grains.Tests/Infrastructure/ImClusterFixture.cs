namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>The cluster most tests share: a node's default settings on the system clock.</summary>
public sealed class ImClusterFixture : ImCluster
{
    public override TimeProvider Clock => TimeProvider.System;
}
