using Microsoft.Extensions.Configuration;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>
/// The configuration a container's process would see: the project's shipped appsettings.json
/// (and appsettings.{environment}.json), overridden by the container's environment with
/// ASP.NET Core's "__" separator, as WebApplication.CreateBuilder layers them.
/// </summary>
public static class AppConfiguration
{
    public static IConfiguration For(string projectFolder, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Path.Combine(BuildOutput.RepositoryRoot(), projectFolder);
        var name = environment.TryGetValue("ASPNETCORE_ENVIRONMENT", out var env) ? env
            : environment.TryGetValue("DOTNET_ENVIRONMENT", out var dotnetEnv) ? dotnetEnv
            : "Production";
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(folder, "appsettings.json"), optional: false)
            .AddJsonFile(Path.Combine(folder, $"appsettings.{name}.json"), optional: true)
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), (string?)e.Value)))
            .Build();
    }

    public static T Bind<T>(this IConfiguration configuration, string section) where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}
