using System.Security.Cryptography;
using System.Text;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>One versioned schema script, embedded as Migrations/NNNN_name.sql.</summary>
public sealed record SqliteMigration(int Version, string Name, string Sql)
{
    /// <summary>Recorded when applied, so that editing a released script is caught instead of silently diverging.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
