namespace OrleansIm.Gateway.Options;

/// <summary>
/// The limits the grains enforce, as told to clients in Welcome. Bound from the same
/// "OrleansIm:Messaging" section the grains read, so a standalone gateway advertises what the
/// cluster enforces when both get the same configuration.
/// </summary>
public sealed class AdvertisedLimits
{
    public const string SectionName = "OrleansIm:Messaging";

    public int MaxBodyBytes { get; set; } = 64 * 1024;

    public int MaxPageSize { get; set; } = 200;
}
