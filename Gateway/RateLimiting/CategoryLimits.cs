namespace OrleansIm.Gateway.RateLimiting;

/// <summary>The two budgets of one <see cref="RateCategory"/>: each stream's own, and the user's across all their streams and unary calls at this gateway.</summary>
public sealed class CategoryLimits
{
    public CategoryLimits()
    {
    }

    public CategoryLimits(BucketLimit perConnection, BucketLimit perUser)
    {
        PerConnection = perConnection;
        PerUser = perUser;
    }

    public BucketLimit PerConnection { get; set; } = new();

    public BucketLimit PerUser { get; set; } = new();

    internal void Validate(string name, List<string> errors)
    {
        PerConnection.Validate($"{name}:PerConnection", errors);
        PerUser.Validate($"{name}:PerUser", errors);
    }
}
