using System.Globalization;
using System.Reflection;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// Finds a schema's migration scripts among this assembly's embedded resources (Grains.csproj
/// embeds every Migrations/&lt;schema&gt;/*.sql of a backend) and checks a database against them.
/// </summary>
internal static class EmbeddedMigrations
{
    /// <summary>The scripts whose resource names start with <paramref name="prefix"/>, in version order.</summary>
    /// <exception cref="InvalidOperationException">A script is misnamed or two share a version.</exception>
    public static IReadOnlyList<SchemaMigration> Load(string prefix)
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name, prefix))
            .OrderBy(migration => migration.Version)
            .ToList();
        var clash = migrations.GroupBy(m => m.Version).FirstOrDefault(group => group.Count() > 1);
        return clash is null
            ? migrations
            : throw new InvalidOperationException($"Two migrations share version {clash.Key}: {string.Join(", ", clash.Select(m => m.Name))}.");
    }

    /// <summary>A database that records a version this build does not know was written by a newer release: refuse it.</summary>
    public static void RejectNewerSchema(int newestApplied, IReadOnlyList<SchemaMigration> migrations)
    {
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (newestApplied > known)
        {
            throw new InvalidOperationException(
                $"The database has schema version {newestApplied} but this build knows migrations up to {known}; it was written by a newer version.");
        }
    }

    private static SchemaMigration Read(Assembly assembly, string resourceName, string prefix)
    {
        var fileName = resourceName[prefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration resource '{resourceName}' must be named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
