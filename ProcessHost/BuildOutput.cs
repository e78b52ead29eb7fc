namespace OrleansIm.ProcessHost;

/// <summary>Finds the build output of a project of this repository, in the configuration the caller was built in.</summary>
public static class BuildOutput
{
    public static string RepositoryRoot()
    {
        var here = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansIm.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"OrleansIm.sln not found above {here}");
    }

    /// <summary>e.g. ("Silo", "OrleansIm.Silo.dll") → &lt;repo&gt;/Silo/bin/&lt;Configuration&gt;/net10.0/OrleansIm.Silo.dll.</summary>
    public static string Assembly(string projectFolder, string assemblyFile)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), projectFolder, "bin", configuration, "net10.0", assemblyFile);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assemblyFile} is not built ({path} is missing); build the solution in {configuration} first.", path);
    }
}
