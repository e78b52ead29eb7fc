using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.ContentSafety;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>
/// A node whose content chain is: the configured word list (Reject: "forbidden", "no way"), then
/// a second word list that masks "darn", then <see cref="RecordingContentFilter"/>.
/// </summary>
public sealed class SecurityClusterFixture : ImCluster
{
    public static readonly string[] RejectedWords = ["forbidden", "no way"];

    /// <summary>Moved forward by tests of timed bans; every other time check here is relative, so they do not mind.</summary>
    public OffsetTimeProvider TestClock { get; } = new();

    public override TimeProvider Clock => TestClock;

    public RecordingContentFilter Recorder { get; } = new();

    protected override void ConfigureContentSafety(ContentSafetyOptions options)
    {
        options.Words = RejectedWords;
        options.Mode = WordListMode.Reject;
    }

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IMessageContentFilter>(new WordListFilter(Microsoft.Extensions.Options.Options.Create(new ContentSafetyOptions { Words = ["darn"], Mode = WordListMode.Mask })));
        silo.Services.AddSingleton<IMessageContentFilter>(Recorder);
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityClusterCollection : ICollectionFixture<SecurityClusterFixture>
{
    public const string Name = "security cluster";
}
