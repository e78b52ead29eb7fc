namespace OrleansIm.Grains.Storage.Resilience;

/// <summary>
/// When the message store's writer stops taking writes. Bound under the backend's section
/// (<c>OrleansIm:Storage:CircuitBreaker</c> for SQLite, <c>OrleansIm:Storage:Postgres:CircuitBreaker</c>
/// for PostgreSQL) and validated with it at start-up.
/// </summary>
public sealed class StoreCircuitBreakerOptions
{
    /// <summary>Consecutive failed batches after which the breaker opens; 0 switches the breaker off.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long an open breaker refuses writes before it lets one probe batch through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The problems with these settings, each naming its key under <paramref name="section"/>; empty when valid.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (FailureThreshold is < 0 or > 1000)
        {
            yield return $"{section}:CircuitBreaker:{nameof(FailureThreshold)} must be between 0 (off) and 1000 (was {FailureThreshold}).";
        }
        if (BreakDuration <= TimeSpan.Zero || BreakDuration > TimeSpan.FromMinutes(10))
        {
            yield return $"{section}:CircuitBreaker:{nameof(BreakDuration)} must be positive and at most 10 minutes (was {BreakDuration}).";
        }
    }
}
