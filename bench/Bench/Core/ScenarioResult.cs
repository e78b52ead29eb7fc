namespace OrleansIm.Bench.Core;

/// <summary>
/// What one phase of one scenario measured against one target. <see cref="ReferenceTarget"/>
/// names the target whose result with the same scenario and phase this one is compared with.
/// </summary>
public sealed record ScenarioResult
{
    public required string Scenario { get; init; }
    public required string Phase { get; init; }
    public required string Target { get; init; }
    public string? ReferenceTarget { get; init; }
    public double Seconds { get; init; }
    public double OfferedPerSecond { get; init; }
    public double DeliveredPerSecond { get; init; }
    public LatencySummary? SendToAck { get; init; }
    public LatencySummary? SendToDeliver { get; init; }
    public long Sent { get; init; }
    public long Acked { get; init; }
    public long Delivered { get; init; }
    public long Errors { get; init; }
    public long Lost { get; init; }
    public long Duplicated { get; init; }
    public double? ServerCpuSeconds { get; init; }
    public long? ServerPeakResidentBytes { get; init; }

    /// <summary>Scenario-specific figures (memory per connection, resync time, ...), by name.</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();

    public string Key => $"{Scenario}/{Phase}";
}
