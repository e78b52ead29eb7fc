using System.Security.Cryptography;
using System.Text;

namespace OrleansIm.Grains.Storage;

/// <summary>One versioned schema script of a backend, embedded as Migrations/&lt;schema&gt;/NNNN_name.sql.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>Recorded when applied, so that editing a released script is caught instead of silently diverging.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Whether a database that recorded <paramref name="recordedChecksum"/> for this version (null: nothing) has this script applied.</summary>
    /// <exception cref="InvalidOperationException">The database recorded other contents for this version.</exception>
    public bool IsRecordedAs(string? recordedChecksum) => recordedChecksum switch
    {
        null => false,
        _ when recordedChecksum == Checksum => true,
        _ => throw new InvalidOperationException(
            $"Migration {Version} ({Name}) was applied with different contents. Released migrations must not change; add a new one instead."),
    };
}
