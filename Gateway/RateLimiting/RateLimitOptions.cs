namespace OrleansIm.Gateway.RateLimiting;

/// <summary>
/// Token-bucket budgets at one gateway; bound from "OrleansIm:Gateway:RateLimits" and
/// validated at start-up. Budgets are per gateway: a user connected to two gateways has two.
/// The defaults sit far above what a person or the bench's load (about 10 sends/s per user,
/// bursts of 4-8) does, so only runaway clients and scripts meet them.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "OrleansIm:Gateway:RateLimits";

    /// <summary>False switches every budget off (load tests of the grains behind a gateway).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Stream Send frames and the unary Send, Edit and Recall.</summary>
    public CategoryLimits Sends { get; set; } = new(new BucketLimit(20, 40), new BucketLimit(50, 100));

    /// <summary>Room Watch calls and the unary OpenDirect, CreateGroup, AddMembers and RequestJoin.</summary>
    public CategoryLimits Joins { get; set; } = new(new BucketLimit(5, 20), new BucketLimit(10, 40));

    /// <summary>Stream Sync pulls and the unary reads (Sync, GetHistory, List*, Get*).</summary>
    public CategoryLimits Queries { get; set; } = new(new BucketLimit(50, 100), new BucketLimit(100, 200));

    internal CategoryLimits For(RateCategory category) => category switch
    {
        RateCategory.Send => Sends,
        RateCategory.Join => Joins,
        _ => Queries,
    };

    public void Validate()
    {
        var errors = new List<string>();
        Sends.Validate(nameof(Sends), errors);
        Joins.Validate(nameof(Joins), errors);
        Queries.Validate(nameof(Queries), errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }
}
