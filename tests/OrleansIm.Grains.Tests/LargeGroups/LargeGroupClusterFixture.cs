using OrleansIm.Grains.Options;
using OrleansIm.Grains.Tests.Infrastructure;
using OrleansIm.Grains.Users;

namespace OrleansIm.Grains.Tests.LargeGroups;

/// <summary>
/// A cluster where any group above 5 members is large, so a 10-member group and a 10,000-member
/// group both run read diffusion and can be compared. The hint window is an hour of a clock the
/// tests move, so a window ends exactly when a test says so. Calls into user grains are counted.
/// </summary>
public sealed class LargeGroupClusterFixture : ImCluster
{
    public const int Threshold = 5;
    public static readonly TimeSpan HintWindow = TimeSpan.FromHours(1);
    public const int MaxMentions = 3;

    private long _userGrainCalls;

    public OffsetTimeProvider TestClock { get; } = new();

    public override TimeProvider Clock => TestClock;

    /// <summary>Calls any user grain has received since the cluster started.</summary>
    public long UserGrainCalls => Interlocked.Read(ref _userGrainCalls);

    protected override void ConfigureMessaging(MessagingOptions options)
    {
        options.LargeGroupThreshold = Threshold;
        options.HintWindow = HintWindow;
        options.MaxMentionsPerMessage = MaxMentions;
        // Tests move the clock by whole hint windows; registrations must outlive that.
        options.DeviceRegistrationTtl = TimeSpan.FromDays(1);
    }

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.AddIncomingGrainCallFilter(async context =>
        {
            if (context.Grain is UserGrain)
            {
                Interlocked.Increment(ref _userGrainCalls);
            }
            await context.Invoke();
        });
}
