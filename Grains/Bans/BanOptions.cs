namespace OrleansIm.Grains.Bans;

/// <summary>How bans reach every silo (<c>OrleansIm:Bans</c>).</summary>
public sealed class BanOptions
{
    public const string SectionName = "OrleansIm:Bans";

    /// <summary>
    /// How often each silo reloads the ban list. A ban takes effect at once on the silo that
    /// holds the ban list grain and within this interval everywhere else.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(50) || RefreshInterval > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(RefreshInterval)} must be between 50 ms and 10 minutes (was {RefreshInterval}).");
        }
    }
}
