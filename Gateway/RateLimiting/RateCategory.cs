namespace OrleansIm.Gateway.RateLimiting;

/// <summary>The kinds of request that have separate budgets: a burst of history reads must not eat the budget for sending.</summary>
public enum RateCategory
{
    Send = 0,
    Join = 1,
    Query = 2,
}
