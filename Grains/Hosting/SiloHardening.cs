using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Bans;
using OrleansIm.Grains.ContentSafety;
using OrleansIm.Grains.Security;

namespace OrleansIm.Grains.Hosting;

/// <summary>Adds the grain boundary check, the ban list and the content filter chain to a silo (docs/security-authorization.md).</summary>
public static class SiloHardening
{
    /// <summary>Settings from <see cref="BanOptions.SectionName"/> and <see cref="ContentSafetyOptions.SectionName"/>, validated at start-up.</summary>
    public static ISiloBuilder AddImHardening(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.AddImHardening(
            bans => configuration.GetSection(BanOptions.SectionName).Bind(bans),
            words => configuration.GetSection(ContentSafetyOptions.SectionName).Bind(words),
            configuration.GetSection(ContentSafetyOptions.SectionName).GetSection(nameof(ContentSafetyOptions.Words)).Exists());

    /// <param name="wordList">Whether to register the word-list filter (the configuration lists words).</param>
    public static ISiloBuilder AddImHardening(this ISiloBuilder silo, Action<BanOptions> bans, Action<ContentSafetyOptions> words, bool wordList)
    {
        var services = silo.Services;
        services.AddOptions<BanOptions>().Configure(bans).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<ContentSafetyOptions>().Configure(words).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.TryAddSingleton<BanList>();
        services.AddSingleton<BanListRefresher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<BanListRefresher>());
        services.TryAddSingleton<ContentFilterChain>();
        if (wordList)
        {
            services.AddSingleton<IMessageContentFilter, WordListFilter>();
        }
        silo.AddIncomingGrainCallFilter<GrainBoundaryFilter>();
        return silo;
    }
}
