using System.Text.Json;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Docker;

/// <summary>
/// The instructions of one of the repository's Dockerfiles that the tests rely on, read from the
/// file itself, so the tests publish and start the app exactly as the image does.
/// </summary>
public sealed class Dockerfile
{
    private readonly IReadOnlyList<(string Instruction, string Arguments, int Stage)> _lines;

    private Dockerfile(string projectFolder, IReadOnlyList<(string, string, int)> lines)
    {
        ProjectFolder = projectFolder;
        _lines = lines;
    }

    public string ProjectFolder { get; }

    public int FinalStage => _lines.Max(l => l.Stage);

    /// <summary>The base image of the stage the image is made of.</summary>
    public string RuntimeBaseImage => Arguments("FROM", FinalStage).Single().Split(' ')[0];

    public string? User => Arguments("USER", FinalStage).LastOrDefault();

    public IReadOnlyList<int> ExposedPorts => [.. Arguments("EXPOSE", FinalStage).SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse)];

    /// <summary>The exec-form ENTRYPOINT, e.g. ["dotnet", "OrleansIm.Silo.dll"].</summary>
    public IReadOnlyList<string> Entrypoint =>
        JsonSerializer.Deserialize<string[]>(Arguments("ENTRYPOINT", FinalStage).Single())
        ?? throw new InvalidOperationException("ENTRYPOINT is not in exec form.");

    /// <summary>The project files the restore layer copies in (COPY of a .csproj), relative to the repository root.</summary>
    public IReadOnlyList<string> CopiedProjects =>
        [.. Arguments("COPY", 0).Select(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Where(s => s.EndsWith(".csproj", StringComparison.Ordinal))];

    /// <summary>The arguments after "dotnet publish" in the build stage.</summary>
    public IReadOnlyList<string> PublishArguments
    {
        get
        {
            var run = Arguments("RUN", 0).Single(a => a.StartsWith("dotnet publish ", StringComparison.Ordinal));
            return [.. run["dotnet publish ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }
    }

    public static Dockerfile Read(string projectFolder)
    {
        var path = Path.Combine(BuildOutput.RepositoryRoot(), projectFolder, "Dockerfile");
        var lines = new List<(string, string, int)>();
        var stage = -1;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var space = line.IndexOf(' ');
            var instruction = line[..space].ToUpperInvariant();
            if (instruction == "FROM")
            {
                stage++;
            }
            lines.Add((instruction, line[(space + 1)..].Trim(), stage));
        }
        return new Dockerfile(projectFolder, lines);
    }

    private IEnumerable<string> Arguments(string instruction, int stage) =>
        _lines.Where(l => l.Instruction == instruction && l.Stage == stage).Select(l => l.Arguments);
}
