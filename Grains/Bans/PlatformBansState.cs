using OrleansIm.Grains.Interfaces.Bans;

namespace OrleansIm.Grains.Bans;

[GenerateSerializer, Alias("OrleansIm.PlatformBansState")]
public sealed class PlatformBansState
{
    [Id(0)]
    public Dictionary<string, BanRecord> Bans { get; set; } = new(StringComparer.Ordinal);
}
