namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>
/// A cluster of its own whose grains see a clock the tests move forward, for the recall and
/// edit windows. Kept apart from <see cref="ImClusterFixture"/> so moving time never reaches
/// other tests.
/// </summary>
public sealed class ClockClusterFixture : ImCluster
{
    public static readonly TimeSpan RecallWindow = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(10);

    public OffsetTimeProvider TestClock { get; } = new();

    public override TimeProvider Clock => TestClock;

    protected override void ConfigureMessaging(Options.MessagingOptions options)
    {
        options.RecallWindow = RecallWindow;
        options.EditWindow = EditWindow;
    }
}
