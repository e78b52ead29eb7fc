using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Snapshots;

/// <summary>A cluster of its own whose user grains snapshot every few events, so a test can make snapshots happen when it needs them.</summary>
public sealed class SnapshotClusterFixture : ImCluster
{
    public const int SnapshotEvery = 4;

    public override TimeProvider Clock => TimeProvider.System;

    protected override void ConfigureMessaging(Options.MessagingOptions options) => options.UserSnapshotEvery = SnapshotEvery;
}
