using OrleansIm.Deployment.Tests.Docker;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Published;

/// <summary>
/// A project published the way its Dockerfile publishes it (the same <c>dotnet publish</c>
/// arguments, into a temp folder instead of the image's /app), and the command its ENTRYPOINT runs.
/// </summary>
public sealed class PublishedApp : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private PublishedApp(Dockerfile dockerfile, string directory)
    {
        Dockerfile = dockerfile;
        Directory = directory;
    }

    public Dockerfile Dockerfile { get; }

    /// <summary>What the image's /app would hold.</summary>
    public string Directory { get; }

    /// <summary>The ENTRYPOINT's assembly in the published folder (the ENTRYPOINT is "dotnet ASSEMBLY").</summary>
    public string EntryAssembly
    {
        get
        {
            var entrypoint = Dockerfile.Entrypoint;
            if (entrypoint is not ["dotnet", var assembly])
            {
                throw new InvalidOperationException($"{Dockerfile.ProjectFolder}/Dockerfile: the test starts ENTRYPOINT [\"dotnet\", \"ASSEMBLY\"]; got [{string.Join(", ", entrypoint)}].");
            }
            return Path.Combine(Directory, assembly);
        }
    }

    public static async Task<PublishedApp> PublishAsync(string projectFolder)
    {
        var dockerfile = Dockerfile.Read(projectFolder);
        var output = System.IO.Directory.CreateTempSubdirectory($"orleansim-publish-{projectFolder.ToLowerInvariant()}-").FullName;
        var arguments = new List<string> { "publish" };
        var source = dockerfile.PublishArguments;
        for (var i = 0; i < source.Count; i++)
        {
            switch (source[i])
            {
                case "-o" or "--output":
                    arguments.AddRange(["-o", output]);
                    i++;
                    break;
                // The image restores in a layer of its own; here publish restores itself.
                case "--no-restore":
                    break;
                default:
                    arguments.Add(source[i]);
                    break;
            }
        }
        // The test host runs under `dotnet test`, whose MSBuild variables would steer this build.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, string? (_) => null);
        var run = await ProcessRun.RunAsync("dotnet", arguments, PublishTimeout, BuildOutput.RepositoryRoot(), environment);
        run.EnsureSucceeded($"dotnet {string.Join(' ', arguments)}");
        return new PublishedApp(dockerfile, output);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
